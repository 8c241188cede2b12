import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEffects, type DatabaseHandle, listAuditEvents } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { activate, grant, meta, revoke, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
  await seedOrg(handle.db, 'acme') // member.activated ana, role.granted owner ana
  await seedOrg(handle.db, 'other')
  await handle.db.transaction().execute((trx) =>
    applyEffects(trx, 'acme', [activate('bo'), grant('admin', 'bo'), revoke('admin', 'bo'), grant('admin', 'cy')], {
      ...meta,
      actor: 'bo',
    }),
  )
})
afterAll(() => handle.close())

const list = (query: Parameters<typeof listAuditEvents>[2]) => listAuditEvents(handle.db, 'acme', query)
const summary = (events: { type: string; subject: string | null }[]) => events.map((e) => `${e.type} ${e.subject}`)

describe('listAuditEvents', () => {
  test('lists one org newest first, and the cursor pages back to the oldest', async () => {
    const first = await list({ limit: 4 })
    expect(summary(first.events)).toEqual([
      'role.granted cy',
      'role.revoked bo',
      'role.granted bo',
      'member.activated bo',
    ])
    expect(first.next).toBe(first.events.at(-1)?.id)
    const second = await list({ limit: 4, after: first.next ?? undefined })
    expect(summary(second.events)).toEqual(['role.granted ana', 'member.activated ana'])
    expect(second.next).toBeNull()
  })

  const filters: [string, Parameters<typeof listAuditEvents>[2], string[]][] = [
    ['by actor', { actor: 'bo', limit: 10, type: 'role.granted' }, ['role.granted cy', 'role.granted bo']],
    ['by subject', { subject: 'bo', limit: 10 }, ['role.revoked bo', 'role.granted bo', 'member.activated bo']],
    ['by type', { type: 'member.activated', limit: 10 }, ['member.activated bo', 'member.activated ana']],
  ]
  for (const [name, query, want] of filters) {
    test(`filters ${name}`, async () => {
      expect(summary((await list(query)).events)).toEqual(want)
    })
  }
})
