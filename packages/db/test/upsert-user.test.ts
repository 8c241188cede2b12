import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEffects, createTestDatabase, type DatabaseHandle, upsertUser } from '../src/index.js'
import { meta, openCase, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

describe('upsertUser', () => {
  test('creates a user, then refreshes only the fields given', async () => {
    await upsertUser(handle.db, { id: 'eve', displayName: 'Eve', email: 'eve@example.com', slackUserId: 'U-eve' })
    const user = await upsertUser(handle.db, { id: 'eve', displayName: 'Eve A.' })
    expect(user).toMatchObject({ display_name: 'Eve A.', email: 'eve@example.com', slack_user_id: 'U-eve' })
  })
})

describe('user.anonymized', () => {
  test('leaves no name, email or Slack id on the user, and a later upsert cannot bring them back', async () => {
    await seedOrg(handle.db, 'gdpr')
    const caseId = await handle.db.transaction().execute(async (trx) => {
      const { ids } = await applyEffects(trx, 'gdpr', [openCase('dee')], meta)
      return ids.caseId ?? ''
    })
    await handle.db
      .transaction()
      .execute((trx) => applyEffects(trx, 'gdpr', [{ kind: 'user.anonymized', principal: 'dee', caseId }], meta))

    const after = await upsertUser(handle.db, {
      id: 'dee',
      displayName: 'Dee',
      email: 'dee@example.com',
      slackUserId: 'U-dee',
    })
    expect(after).toMatchObject({ email: null, slack_user_id: null, anonymized_at: meta.at })
    expect(after.pseudonym).toMatch(/^anonymous-[0-9a-f]{8}$/)
    expect(after.display_name).toBe(after.pseudonym)
    const users = await handle.db.selectFrom('users').selectAll().where('id', '=', 'dee').execute()
    expect(JSON.stringify(users)).not.toMatch(/Dee|dee@example\.com|U-dee/)
    const closed = await handle.db.selectFrom('anonymization_cases').selectAll().where('id', '=', caseId).execute()
    expect(closed).toMatchObject([{ status: 'anonymized', closed_at: meta.at }])
  })
})
