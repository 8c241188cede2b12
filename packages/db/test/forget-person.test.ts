import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createWebhook, type DatabaseHandle, forgetPerson, json } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { seedOrg } from './fixtures.js'

let database: DatabaseHandle
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

const bo = (orgId: string) => ({
  orgId,
  userId: 'bo',
  email: 'bo.berg@example.test',
  displayName: 'Bo Berg',
  slackUserId: 'U0BOBERG',
  pseudonym: 'anonymous-1a2b3c4d',
})

describe('forgetPerson', () => {
  test("removes a person's name, e-mail and Slack id from notifications, attempts and job errors", async () => {
    const { db } = database
    const orgId = 'forgetful'
    await seedOrg(db, orgId)
    await db
      .insertInto('outbox_events')
      .values({
        event_id: 'evt_1',
        org_id: orgId,
        type: 'role.revoked',
        at: new Date(),
        actor: 'ana',
        subject: 'bo',
        data: json({ role: 'admin' }),
      })
      .execute()
    await db
      .insertInto('notifications')
      .values([
        {
          org_id: orgId,
          event_id: 'evt_1',
          type: 'role.revoked',
          recipient: 'ana',
          status: 'stored',
          subject: 'Bo Berg lost admin',
          body: 'Ana revoked admin from Bo Berg (U0BOBERG).',
          error: 'SMTP rejected bo.berg@example.test',
        },
        {
          org_id: orgId,
          event_id: 'evt_1',
          type: 'role.revoked',
          recipient: 'cy',
          status: 'stored',
          body: 'Nothing about them.',
        },
      ])
      .execute()
    const hook = await createWebhook(db, orgId, { url: 'https://example.test/hooks' })
    await db
      .insertInto('webhook_attempts')
      .values({ webhook_id: hook.id, event_id: 'evt_1', type: 'role.revoked', at: new Date(), error: 'Bo Berg' })
      .execute()
    // A job table as pg-boss leaves it, holding a failed job's error.
    await sql`create schema if not exists pgboss`.execute(db)
    await sql`create table if not exists pgboss.job (id serial, output jsonb, data jsonb)`.execute(db)
    await sql`insert into pgboss.job (output, data) values (${json({ message: 'no mailbox bo.berg@example.test' })}, '{}')`.execute(
      db,
    )

    await db.transaction().execute((trx) => forgetPerson(trx, bo(orgId)))

    const { rows } = await sql<{ found: number }>`select (
      (select count(*) from notifications where concat(subject, body, error) ~ 'Bo Berg|bo\\.berg|U0BOBERG') +
      (select count(*) from webhook_attempts where error ~ 'Bo Berg') +
      (select count(*) from pgboss.job where output::text ~ 'bo\\.berg')
    )::int as found`.execute(db)
    expect(rows[0]?.found).toBe(0)
    const texts = await db.selectFrom('notifications').select(['recipient', 'body']).orderBy('recipient').execute()
    expect(texts).toEqual([
      { recipient: 'ana', body: 'Ana revoked admin from anonymous-1a2b3c4d (anonymous-1a2b3c4d).' },
      { recipient: 'cy', body: 'Nothing about them.' },
    ])
  })

  // Regression: a plain replace rewrote every word that contains the name, in every org's notifications.
  test('replaces a name only where it stands on its own, not inside a longer name', async () => {
    const { db } = database
    const orgId = 'lookalikes'
    await seedOrg(db, orgId)
    await db
      .insertInto('outbox_events')
      .values({ event_id: 'evt_2', org_id: orgId, type: 'role.granted', at: new Date(), actor: 'ana', data: json({}) })
      .execute()
    const body = 'Bo Bergman welcomed Bo Berg, Bo Berg’s team and bo.berg@example.test.'
    await db
      .insertInto('notifications')
      .values({ org_id: orgId, event_id: 'evt_2', type: 'role.granted', recipient: 'dee', status: 'stored', body })
      .execute()

    await db.transaction().execute((trx) => forgetPerson(trx, bo(orgId)))

    const row = await db.selectFrom('notifications').select('body').where('recipient', '=', 'dee').executeTakeFirst()
    expect(row?.body).toBe('Bo Bergman welcomed anonymous-1a2b3c4d, anonymous-1a2b3c4d’s team and anonymous-1a2b3c4d.')
  })

  // Each org keeps its own knowledge of a person: anonymizing in one org is no reason to rewrite another's records.
  test("leaves another org's notifications about the same person as they are", async () => {
    const { db } = database
    await seedOrg(db, 'forgets-here')
    await seedOrg(db, 'remembers-there')
    for (const orgId of ['forgets-here', 'remembers-there']) {
      await db
        .insertInto('outbox_events')
        .values({
          event_id: `evt_${orgId}`,
          org_id: orgId,
          type: 'role.granted',
          at: new Date(),
          actor: 'ana',
          data: json({}),
        })
        .execute()
      await db
        .insertInto('notifications')
        .values({
          org_id: orgId,
          event_id: `evt_${orgId}`,
          type: 'role.granted',
          recipient: 'cy',
          status: 'stored',
          body: 'Welcome, Bo Berg.',
        })
        .execute()
    }

    await db.transaction().execute((trx) => forgetPerson(trx, bo('forgets-here')))

    const rows = await db
      .selectFrom('notifications')
      .select(['org_id', 'body'])
      .where('org_id', 'in', ['forgets-here', 'remembers-there'])
      .orderBy('org_id')
      .execute()
    expect(rows).toEqual([
      { org_id: 'forgets-here', body: 'Welcome, anonymous-1a2b3c4d.' },
      { org_id: 'remembers-there', body: 'Welcome, Bo Berg.' },
    ])
  })
})
