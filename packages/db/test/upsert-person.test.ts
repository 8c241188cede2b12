import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEffects, type DatabaseHandle, upsertPerson } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { meta, openCase, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
  await seedOrg(handle.db, 'acme')
  await seedOrg(handle.db, 'globex')
})
afterAll(() => handle.close())

const auditOf = (orgId: string, subject: string) =>
  handle.db
    .selectFrom('audit_events')
    .select(['actor', 'type', 'data'])
    .where('org_id', '=', orgId)
    .where('subject', '=', subject)
    .where('type', '=', 'person.updated')
    .execute()

describe('upsertPerson', () => {
  test('creates a profile, then refreshes only the fields given and says which changed', async () => {
    const created = await upsertPerson(
      handle.db,
      'acme',
      { id: 'eve', displayName: 'Eve', email: 'eve@example.com', slackUserId: 'U-eve' },
      { actor: 'ana' },
    )
    expect(created).toMatchObject({ created: true, changed: [] })
    const refreshed = await upsertPerson(handle.db, 'acme', { id: 'eve', displayName: 'Eve A.' }, { actor: 'ana' })
    expect(refreshed).toMatchObject({ created: false, changed: ['displayName'] })
    expect(refreshed.person).toMatchObject({ display_name: 'Eve A.', email: 'eve@example.com', slack_user_id: 'U-eve' })
  })

  test('audits a changed name or e-mail in the org whose profile changed, naming fields, never values', async () => {
    await upsertPerson(
      handle.db,
      'acme',
      { id: 'bo', displayName: 'Bo B.', email: 'bo.b@example.com' },
      { actor: 'ana', requestId: 'req-1' },
    )
    expect(await auditOf('acme', 'bo')).toEqual([
      { actor: 'ana', type: 'person.updated', data: { kind: 'person.updated', changed: ['displayName', 'email'] } },
    ])
    expect(await auditOf('globex', 'bo')).toEqual([])
  })

  test('writes one org at a time: the same user id keeps another name and address elsewhere', async () => {
    await upsertPerson(
      handle.db,
      'acme',
      { id: 'cy', displayName: 'Mallory', email: 'mallory@evil.example' },
      { actor: 'ana' },
    )
    const there = await handle.db
      .selectFrom('people')
      .select(['display_name', 'email'])
      .where('org_id', '=', 'globex')
      .where('user_id', '=', 'cy')
      .executeTakeFirst()
    expect(there).toEqual({ display_name: 'Cy', email: 'cy@example.com' })
  })

  test('an address is unique within an org, and free in every other', async () => {
    await expect(
      upsertPerson(handle.db, 'acme', { id: 'zed', displayName: 'Zed', email: 'dee@example.com' }, { actor: 'ana' }),
    ).rejects.toMatchObject({ constraint: 'people_org_email_key' })
    const elsewhere = await upsertPerson(
      handle.db,
      'globex',
      { id: 'zed', displayName: 'Zed', email: 'mallory@evil.example' },
      { actor: 'ana' },
    )
    expect(elsewhere).toMatchObject({ created: true })
  })
})

describe('user.anonymized', () => {
  test("leaves no name, email or Slack id in the org's profile, a later upsert cannot bring them back, other orgs keep theirs", async () => {
    await seedOrg(handle.db, 'gdpr')
    await seedOrg(handle.db, 'keeps')
    const caseId = await handle.db.transaction().execute(async (trx) => {
      const { ids } = await applyEffects(trx, 'gdpr', [openCase('dee')], meta)
      return ids.caseId ?? ''
    })
    await handle.db
      .transaction()
      .execute((trx) => applyEffects(trx, 'gdpr', [{ kind: 'user.anonymized', principal: 'dee', caseId }], meta))

    const after = await upsertPerson(
      handle.db,
      'gdpr',
      { id: 'dee', displayName: 'Dee', email: 'dee@example.com', slackUserId: 'U-dee' },
      { actor: 'ana' },
    )
    expect(after).toMatchObject({ changed: [] })
    expect(after.person).toMatchObject({ email: null, slack_user_id: null, anonymized_at: meta.at })
    expect(after.person.pseudonym).toMatch(/^anonymous-[0-9a-f]{8}$/)
    expect(after.person.display_name).toBe(after.person.pseudonym)
    const rows = await handle.db
      .selectFrom('people')
      .selectAll()
      .where('org_id', '=', 'gdpr')
      .where('user_id', '=', 'dee')
      .execute()
    expect(JSON.stringify(rows)).not.toMatch(/Dee|dee@example\.com|U-dee/)
    const kept = await handle.db
      .selectFrom('people')
      .select(['display_name', 'email'])
      .where('org_id', '=', 'keeps')
      .where('user_id', '=', 'dee')
      .executeTakeFirst()
    expect(kept).toEqual({ display_name: 'Dee', email: 'dee@example.com' })
    const closed = await handle.db.selectFrom('anonymization_cases').selectAll().where('id', '=', caseId).execute()
    expect(closed).toMatchObject([{ status: 'anonymized', closed_at: meta.at }])
  })
})
