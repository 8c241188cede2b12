import { describe, expect, test } from 'vitest'
import {
  DENIAL_CODES,
  type Denied,
  deny,
  explain,
  LOCALES,
  MODEL_PROBLEM_CODES,
  type ModelProblemCode,
  teamroom,
  WARNING_CODES,
  type WarningCode,
} from '../src/index.js'

const denialCodes = Object.keys(DENIAL_CODES) as (keyof typeof DENIAL_CODES)[]
const params = {
  role: 'admin',
  action: 'org.manage',
  target: 'bo',
  limit: 2,
  requested: 3,
  partners: ['owner'],
  eligible: ['owner'],
  enabledWhen: { role: 'admin', atLeast: 2 },
  impliedBy: 'owner',
  feature: 'licensing',
}

describe('explain', () => {
  for (const locale of LOCALES) {
    test.each(denialCodes)(`every denial code has a ${locale} sentence: %s`, (code) => {
      const sentence = explain(deny(code, params), { locale, model: teamroom })
      expect(sentence).toMatch(/\S.*[.!]$/)
      expect(sentence).not.toMatch(/undefined|\[object/)
    })
    test.each(Object.keys(WARNING_CODES) as WarningCode[])(`every warning has a ${locale} sentence: %s`, (code) => {
      expect(explain({ code, params }, { locale, model: teamroom })).toMatch(/\S.*\.$/)
    })
    test.each(Object.keys(MODEL_PROBLEM_CODES) as ModelProblemCode[])(
      `every model problem has a ${locale} sentence: %s`,
      (code) => {
        const item = {
          code,
          severity: 'error' as const,
          path: 'roles.0',
          params: {
            role: 'x',
            action: 'y',
            min: 2,
            max: 1,
            reason: 'nobody grants it',
            roles: ['a', 'b'],
            grants: 'z',
            missing: ['p'],
            message: 'bad',
          },
        }
        expect(explain(item, { locale })).not.toMatch(/undefined/)
      },
    )
  }

  test('the two locales say different things', () => {
    const d = deny('LAST_HOLDER', { role: 'owner' })
    expect(explain(d, { locale: 'en' })).not.toBe(explain(d, { locale: 'de' }))
  })

  test('a denial names who could do it and whom to ask, with labels and names', () => {
    const d: Denied = deny('NOT_AUTHORIZED', { role: 'admin' }, ['owner', 'co_owner'], 'ana')
    const names = (id: string) => ({ ana: 'Ana Lima' })[id]
    expect(explain(d, { model: teamroom, names })).toBe(
      'You may not grant or revoke "Administrator". Holders of "Owner" or "Co-owner" can. Ask Ana Lima.',
    )
    expect(explain(d, { model: teamroom, names, locale: 'de' })).toBe(
      'Du darfst die Rolle „Administrator“ weder vergeben noch entziehen. Das können Inhaber von „Besitzer“ oder „Mitbesitzer“. Wende dich an Ana Lima.',
    )
  })

  test('without a model, ids stand in for labels', () => {
    expect(explain(deny('RESERVED_ROLE', { role: 'data_access_admin' }))).toBe(
      '"data_access_admin" is reserved for support staff.',
    )
  })
})
