import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CallResult } from '../http/harness.js'
import { waitFor } from '../support/wait-for.js'
import { type ApiProcess, type FreshDatabase, freshDatabase, spawnApi } from './api-process.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

/** What the issue promised a client: its retry after a crash answered, or run, within this. */
const ANSWER_WITHIN_MS = 10_000

documentsWhyPostgres()

describe.runIf(postgresUrl)('a keyed retry after its process is SIGKILLed mid-write (on PostgreSQL)', () => {
  let database: FreshDatabase | undefined
  /** The process the retries go to, alive throughout, as the other replicas behind a load balancer. */
  let survivor: ApiProcess | undefined

  beforeAll(async () => {
    database = await freshDatabase()
    survivor = await spawnApi(database.url)
  }, 60_000)

  afterAll(async () => {
    await survivor?.stop()
    await database?.close()
  }, 30_000)

  /** A keyed write by ana, and what it leaves in the audit log: an event of `type` naming `subject`. */
  interface Write {
    send(target: ApiProcess, org: string): Promise<CallResult>
    type: string
    subject: string
  }
  const grant = (principal: string): Write => ({
    send: (target, org) =>
      target.call('PUT', `/v1/orgs/${org}/roles/admin/holders/${principal}`, {
        actor: 'ana',
        headers: { 'Idempotency-Key': `grant-${principal}` },
      }),
    type: 'role.granted',
    subject: principal,
  })
  const invitation = (user: string): Write => ({
    send: (target, org) =>
      target.call('POST', `/v1/orgs/${org}/invitations`, {
        actor: 'ana',
        body: { user: { id: user, displayName: user } },
        headers: { 'Idempotency-Key': `invite-${user}` },
      }),
    type: 'member.invited',
    subject: user,
  })

  /** A client's retries, as the SDK makes them: again after `Retry-After` while the key is in progress. */
  async function retried(send: () => Promise<CallResult>, deadline: number): Promise<CallResult> {
    for (;;) {
      const res = await send()
      if (res.status !== 409 || res.body.code !== 'IDEMPOTENCY_IN_PROGRESS' || Date.now() > deadline) return res
      await sleep(Number(res.headers.get('retry-after')) * 1000)
    }
  }

  /** Statements of the API's writes waiting for a lock (`advisory` ones only, or any); the jobs' are not counted. */
  async function lockWaits(kind?: 'advisory'): Promise<number> {
    if (!database) throw new Error('no database')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query not like '%pgboss%'
        and (${kind ?? null}::text is null or wait_event = ${kind ?? null})`.execute(database.db)
    return rows[0]?.n ?? 0
  }

  /** What the database holds of a write: its audit events, and the org's version (one bump per write). */
  async function stored(org: string, write: Write) {
    if (!database) throw new Error('no database')
    const db = database.db
    const events = await db
      .selectFrom('audit_events')
      .select('id')
      .where('org_id', '=', org)
      .where('type', '=', write.type)
      .where('subject', '=', write.subject)
      .execute()
    const { version } = await db.selectFrom('orgs').select('version').where('id', '=', org).executeTakeFirstOrThrow()
    return { events: events.length, version }
  }

  async function newOrg(name: string): Promise<string> {
    if (!survivor) throw new Error('not started')
    const created = await survivor.call('POST', '/v1/orgs', {
      body: { name, model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
    })
    expect(created.status).toBe(201)
    return created.body.id
  }

  /** A client session of the test's own, holding a lock that stops the victim where the test wants it. */
  async function session(): Promise<pg.Client> {
    if (!database) throw new Error('no database')
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    return client
  }

  // A statement the victim sent before it died may still run: a grant is one compare-and-set statement, so
  // it may commit after the kill, and then the retry learns of it. A transaction (the invitation's) cannot
  // commit without its client, so the retry takes the claim over and runs it. Never both.
  const waiting: [string, Write, string[]][] = [
    ['a grant (one statement)', grant('cut-off-granted'), ['200', '409 IDEMPOTENCY_RESPONSE_LOST']],
    ['an invitation (a transaction)', invitation('cut-off-invited'), ['201']],
  ]
  for (const [name, write, allowed] of waiting) {
    test(`killed while ${name} waits for the org, it is applied once, answered by another process within 10 s`, async () => {
      if (!database || !survivor) throw new Error('not started')
      const target = survivor
      const org = await newOrg(`Killed waiting: ${name}`)
      const before = await stored(org, write)
      const victim = await spawnApi(database.url)
      const blocker = await session()
      try {
        // The org row locked, so the victim's write is claimed and then stopped inside its write.
        await blocker.query('begin')
        await blocker.query('select id from orgs where id = $1 for update', [org])
        const cutOff = write.send(victim, org).then(
          () => 'answered',
          () => 'cut off',
        )
        await waitFor('the victim’s write waiting for the org', async () => (await lockWaits()) >= 1)
        await victim.kill()
        const killedAt = Date.now()
        const retry = retried(() => write.send(target, org), killedAt + ANSWER_WITHIN_MS)
        // The retry waits too: for the org, having taken the claim over, or for the victim's statement's outcome.
        await waitFor(
          'the retry waiting behind the victim’s write',
          async () => (await lockWaits()) >= 2,
          ANSWER_WITHIN_MS,
        )
        await blocker.query('rollback')
        const answer = await retry
        expect(Date.now() - killedAt).toBeLessThan(ANSWER_WITHIN_MS)
        expect(await cutOff).toBe('cut off')
        expect(allowed).toContain(answer.status === 409 ? `409 ${answer.body.code}` : String(answer.status))
        if (answer.status === 200) expect(answer.body.changed).toBe(true)
        expect(await stored(org, write)).toEqual({ events: before.events + 1, version: before.version + 1 })
      } finally {
        await blocker.end()
        await victim.stop()
      }
    }, 90_000)
  }

  test('killed after its grant committed, before its answer was stored, the retry is told so within 10 s', async () => {
    if (!database || !survivor) throw new Error('not started')
    const db = database.db
    const org = await newOrg('Killed answering')
    const write = grant('cut-off-answering')
    const victim = await spawnApi(database.url)
    const blocker = await session()
    // Storing an answer waits for the advisory lock the blocker holds: the victim is stopped after its COMMIT.
    await sql`create function hold_answers() returns trigger language plpgsql as $$
      begin perform pg_advisory_xact_lock(18018); return new; end $$`.execute(db)
    await sql`create trigger hold_answers before update on idempotency_keys
      for each row when (new.status = 'done') execute function hold_answers()`.execute(db)
    try {
      await blocker.query('select pg_advisory_lock(18018)')
      const cutOff = write.send(victim, org).then(
        () => 'answered',
        () => 'cut off',
      )
      await waitFor('the victim storing its answer, after its commit', async () => (await lockWaits('advisory')) >= 1)
      const committed = await stored(org, write)
      expect(committed.events).toBe(1)
      await victim.kill()
      const killedAt = Date.now()
      const target = survivor
      const answer = await retried(() => write.send(target, org), killedAt + ANSWER_WITHIN_MS)
      expect(Date.now() - killedAt).toBeLessThan(ANSWER_WITHIN_MS)
      expect(await cutOff).toBe('cut off')
      expect([answer.status, answer.body.code]).toEqual([409, 'IDEMPOTENCY_RESPONSE_LOST'])
      expect(answer.body.consistency).toBe(committed.version)
      expect(await stored(org, write)).toEqual(committed)
    } finally {
      await blocker.end()
      await sql`drop trigger hold_answers on idempotency_keys`.execute(db)
      await sql`drop function hold_answers()`.execute(db)
      await victim.stop()
    }
  }, 90_000)
})
