import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEffects, type DatabaseHandle, listMembers, upsertPerson } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { activate, grant, invite, meta, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
  await seedOrg(handle.db, 'acme')
  await upsertPerson(
    handle.db,
    'acme',
    { id: 'pct', displayName: '100% Pat', email: 'pat@example.com' },
    { actor: 'ana' },
  )
  await handle.db
    .transaction()
    .execute((trx) =>
      applyEffects(
        trx,
        'acme',
        [
          activate('bo'),
          grant('admin', 'bo'),
          grant('admin', 'bo', 'team-a'),
          invite('cy', ['admin']),
          activate('pct'),
        ],
        meta,
      ),
    )
})
afterAll(() => handle.close())

const names = (page: { members: { principal: string }[] }) => page.members.map((m) => m.principal)

describe('listMembers', () => {
  test('lists members by id with their roles and invitation', async () => {
    const { members, next } = await listMembers(handle.db, 'acme', { limit: 10 })
    expect(next).toBeNull()
    expect(members).toEqual([
      expect.objectContaining({ principal: 'ana', status: 'active', roles: [{ role: 'owner', context: null }] }),
      expect.objectContaining({
        principal: 'bo',
        displayName: 'Bo',
        email: 'bo@example.com',
        status: 'active',
        roles: [
          { role: 'admin', context: null },
          { role: 'admin', context: 'team-a' },
        ],
      }),
      expect.objectContaining({ principal: 'cy', status: 'invited', invitedRoles: ['admin'], roles: [] }),
      expect.objectContaining({ principal: 'pct', displayName: '100% Pat' }),
    ])
  })

  test('pages with the last id as cursor', async () => {
    const first = await listMembers(handle.db, 'acme', { limit: 2 })
    expect([names(first), first.next]).toEqual([['ana', 'bo'], 'bo'])
    const second = await listMembers(handle.db, 'acme', { limit: 2, after: first.next ?? undefined })
    expect([names(second), second.next]).toEqual([['cy', 'pct'], null])
  })

  const searches: [string, string, string[]][] = [
    ['a display name, ignoring case', 'BO', ['bo']],
    ['an email', 'cy@example', ['cy']],
    ['a literal percent sign', '100%', ['pct']],
    ['nothing', 'zed', []],
  ]
  for (const [name, search, want] of searches) {
    test(`search matches ${name}`, async () => {
      expect(names(await listMembers(handle.db, 'acme', { search, limit: 10 }))).toEqual(want)
    })
  }
})
