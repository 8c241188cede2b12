import { describe, expect, test } from 'vitest'
import { PRESETS, type RoleModelInput, teamroom, validateModel } from '../../src/index.js'

/** A small valid model to break one rule at a time. */
const base = (): RoleModelInput => ({
  id: 'custom',
  name: 'Custom',
  ownerRole: 'owner',
  founderRoles: ['owner'],
  roles: [
    {
      name: 'owner',
      label: { en: 'Owner', de: 'Besitzer' },
      min: 1,
      max: 1,
      membersOnly: true,
      transferOnly: true,
      permissions: ['org.manage'],
    },
    { name: 'admin', label: { en: 'Admin', de: 'Admin' }, grantedBy: ['owner'], permissions: ['org.manage'] },
  ],
  actions: [{ id: 'org.manage', label: { en: 'Manage', de: 'Verwalten' } }],
})

const codes = (input: unknown) => {
  const result = validateModel(input)
  return result.ok ? [] : result.errors.map((e) => `${e.code} at ${e.path}`)
}

describe('validateModel', () => {
  test.each(Object.entries(PRESETS))('the %s preset is valid', (_, model) => {
    expect(validateModel(model)).toMatchObject({ ok: true, errors: [] })
  })

  test('a valid custom model parses with defaults filled in', () => {
    const result = validateModel(base())
    expect(result.ok && result.model.roles[1]?.membersOnly).toBe(false)
  })

  test('a model of the wrong shape lists every field at fault', () => {
    expect(codes({ id: 'x', roles: 'none' })).toEqual(
      expect.arrayContaining(['INVALID_SHAPE at name', 'INVALID_SHAPE at ownerRole', 'INVALID_SHAPE at roles']),
    )
  })

  test('unknown role and action references are all reported, with their paths', () => {
    const model = base()
    model.roles[1] = { ...model.roles[1], grantedBy: ['ghost'], implies: ['phantom'], permissions: ['nope'] } as never
    expect(codes(model)).toEqual([
      'UNKNOWN_ROLE_REFERENCE at roles.1.grantedBy.0',
      'UNKNOWN_ROLE_REFERENCE at roles.1.implies.0',
      'UNKNOWN_ACTION_REFERENCE at roles.1.permissions.0',
    ])
  })

  test('a role defined twice is reported', () => {
    const model = base()
    model.roles.push({ ...model.roles[1] } as never)
    expect(codes(model)).toContain('DUPLICATE_ROLE at roles.2.name')
  })

  test('a minimum above the maximum is reported', () => {
    const model = base()
    model.roles[1] = { ...model.roles[1], min: 3, max: 2 } as never
    expect(codes(model)).toContain('MIN_ABOVE_MAX at roles.1.min')
  })

  test('a role with a minimum that nobody can grant is reported', () => {
    const model = base()
    model.roles.push({ name: 'auditor', label: { en: 'Auditor', de: 'Prüfer' }, min: 1 })
    expect(codes(model)).toContain('UNGRANTABLE_MINIMUM at roles.2.min')
  })

  test('a minimum the founder does not receive is reported', () => {
    const model = base()
    model.roles[1] = { ...model.roles[1], min: 1 } as never
    expect(codes(model)).toContain('UNGRANTABLE_MINIMUM at roles.1.min')
  })

  test('roles that imply each other in a circle are reported', () => {
    const model = base()
    model.roles[0] = { ...model.roles[0], implies: ['admin'] } as never
    model.roles[1] = { ...model.roles[1], implies: ['owner'] } as never
    const result = validateModel(model)
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ code: 'IMPLIES_CYCLE', params: { roles: ['owner', 'admin', 'owner'] } }),
    ])
  })

  test('roles chosen from each other in a circle are reported', () => {
    const model = base()
    model.roles[1] = { ...model.roles[1], chosenFrom: ['admin'] } as never
    expect(codes(model)).toEqual(['CHOSEN_FROM_CYCLE at roles'])
  })

  test('a role that grants more than it has is a warning, not an error', () => {
    const model = base()
    model.actions?.push({ id: 'billing.manage', label: { en: 'Billing', de: 'Abrechnung' } })
    model.roles.push({
      name: 'helper',
      label: { en: 'Helper', de: 'Helfer' },
      grantedBy: ['owner'],
      permissions: [],
    })
    model.roles[1] = {
      ...model.roles[1],
      grantedBy: ['owner', 'helper'],
      permissions: ['org.manage', 'billing.manage'],
    } as never
    const result = validateModel(model)
    expect(result.ok).toBe(true)
    expect(result.warnings.map((w) => `${w.code} ${w.params.role}->${w.params.grants}`)).toEqual([
      'ESCALATION_PATH owner->admin',
      'ESCALATION_PATH helper->admin',
    ])
  })

  test('never throws, whatever it is given', () => {
    for (const input of [null, 42, 'teamroom', [], { ...teamroom, roles: [{}] }]) {
      expect(validateModel(input).ok).toBe(false)
    }
  })
})
