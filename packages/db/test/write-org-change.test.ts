import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  auditEntry,
  beginIdempotent,
  type DatabaseHandle,
  type EffectMeta,
  type EffectOf,
  getOrg,
  IDEMPOTENCY_CLAIM_MS,
  type IdempotencyClaim,
  loadOrgSnapshot,
  type OrgChange,
  stageEffects,
  writeOrgChange,
} from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import { AT, grant, meta, revoke, seedOrg } from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const outboxRow = (orgId: string, id: string) => ({
  event_id: id,
  org_id: orgId,
  type: 'role.granted',
  at: AT,
  actor: 'ana',
  subject: 'bo',
  recipients: JSON.stringify(['ana']),
  data: JSON.stringify({ role: 'admin' }),
})

async function stored(orgId: string) {
  const { db } = handle
  const org = await getOrg(db, orgId)
  const snapshot = org && (await loadOrgSnapshot(db, orgId, org))
  const audit = await db.selectFrom('audit_events').select(['type', 'subject']).where('org_id', '=', orgId).execute()
  const outbox = await db.selectFrom('outbox_events').select('event_id').where('org_id', '=', orgId).execute()
  const active = await db
    .selectFrom('memberships')
    .select('last_active_at')
    .where('org_id', '=', orgId)
    .where('user_id', '=', 'ana')
    .executeTakeFirst()
  return { version: org?.version, assignments: snapshot?.assignments, audit, outbox, active: active?.last_active_at }
}

const role = (effect: ReturnType<typeof grant>) => effect as EffectOf<'role.'>

/** A role change as a compare-and-set, as the API's fast path writes it: staged (which writes nothing), then the statement. */
async function roleChangeIfCurrent(
  db: DatabaseHandle['db'],
  orgId: string,
  effect: EffectOf<'role.'>,
  at: EffectMeta,
  options: Omit<OrgChange, 'role' | 'audit'> & { expectedVersion: number },
) {
  const staged = await stageEffects(db, orgId, [effect], at)
  return writeOrgChange(db, orgId, at, { ...options, role: staged.role, audit: staged.audit })
}

const T0 = new Date('2026-03-01T00:00:00.000Z')
const pastClaim = new Date(T0.getTime() + IDEMPOTENCY_CLAIM_MS + 1)

/** A claim on key `k` of `scope`, made at `at`. */
async function claimed(scope: string, at: Date): Promise<IdempotencyClaim> {
  const start = await beginIdempotent(handle.db, scope, 'k', 'f', at)
  if (typeof start !== 'object' || !('claimed' in start)) throw new Error(`expected a claim, got ${String(start)}`)
  return start.claimed
}

const markOf = (scope: string) =>
  handle.db
    .selectFrom('idempotency_keys')
    .select(['applied_at', 'applied_version'])
    .where('scope', '=', scope)
    .executeTakeFirstOrThrow()

describe('writeOrgChange as a compare-and-set', () => {
  test('at the expected version: the change, its audit event, the outbox and the last activity, in one go', async () => {
    await seedOrg(handle.db, 'cas-hit')
    const before = await stored('cas-hit')
    const later = new Date(AT.getTime() + 60_000)
    const applied = await roleChangeIfCurrent(
      handle.db,
      'cas-hit',
      role(grant('admin', 'bo')),
      { ...meta, at: later },
      { expectedVersion: before.version ?? 0, touchMember: 'ana', outbox: [outboxRow('cas-hit', 'evt_hit')] },
    )
    expect(applied?.version).toBe((before.version ?? 0) + 1)
    expect(applied?.events).toEqual([
      expect.objectContaining({ type: 'role.granted', subject: 'bo', actor: 'ana', request_id: 'req-1' }),
    ])
    const after = await stored('cas-hit')
    expect(after.version).toBe(applied?.version)
    expect(after.assignments).toContainEqual({ role: 'admin', principal: 'bo', context: null })
    expect(after.audit).toEqual([...before.audit, { type: 'role.granted', subject: 'bo' }])
    expect(after.outbox.map((o) => o.event_id)).toContain('evt_hit')
    expect(after.active).toEqual(later)

    const revoked = await roleChangeIfCurrent(handle.db, 'cas-hit', role(revoke('admin', 'bo')), meta, {
      expectedVersion: after.version ?? 0,
    })
    expect(revoked?.version).toBe((after.version ?? 0) + 1)
    expect((await stored('cas-hit')).assignments).not.toContainEqual({ role: 'admin', principal: 'bo', context: null })
  })

  test('once the org has moved on: undefined, and nothing written', async () => {
    await seedOrg(handle.db, 'cas-miss')
    const before = await stored('cas-miss')
    for (const effect of [grant('admin', 'bo'), revoke('owner', 'ana')]) {
      const applied = await roleChangeIfCurrent(handle.db, 'cas-miss', role(effect), meta, {
        expectedVersion: (before.version ?? 0) - 1,
        touchMember: 'ana',
        outbox: [outboxRow('cas-miss', `evt_miss_${effect.kind}`)],
      })
      expect(applied, effect.kind).toBeUndefined()
    }
    expect(await stored('cas-miss')).toEqual(before)
  })

  test("with the request's Idempotency-Key claim: marked applied with the version, in the same statement", async () => {
    await seedOrg(handle.db, 'cas-keyed')
    const before = await stored('cas-keyed')
    const claim = await claimed('cas-keyed-scope', T0)
    const applied = await roleChangeIfCurrent(handle.db, 'cas-keyed', role(grant('admin', 'bo')), meta, {
      expectedVersion: before.version ?? 0,
      claim,
    })
    expect(applied?.version).toBe((before.version ?? 0) + 1)
    expect(await markOf('cas-keyed-scope')).toEqual({ applied_at: meta.at, applied_version: applied?.version })
    expect(await beginIdempotent(handle.db, 'cas-keyed-scope', 'k', 'f', pastClaim)).toEqual({
      unanswered: { appliedAt: meta.at, version: applied?.version, subject: null },
    })
  })

  test('with a claim a retry has taken over: undefined, and nothing written', async () => {
    await seedOrg(handle.db, 'cas-taken')
    const before = await stored('cas-taken')
    const old = await claimed('cas-taken-scope', T0)
    await claimed('cas-taken-scope', pastClaim)
    const applied = await roleChangeIfCurrent(handle.db, 'cas-taken', role(grant('admin', 'bo')), meta, {
      expectedVersion: before.version ?? 0,
      claim: old,
    })
    expect(applied).toBeUndefined()
    expect(await stored('cas-taken')).toEqual(before)
    expect(await markOf('cas-taken-scope')).toEqual({ applied_at: null, applied_version: null })
  })

  test('an org that does not exist: undefined', async () => {
    const applied = await roleChangeIfCurrent(handle.db, 'cas-nowhere', role(grant('admin', 'bo')), meta, {
      expectedVersion: 1,
    })
    expect(applied).toBeUndefined()
  })
})

describe('writeOrgChange under the org lock', () => {
  const locked = (orgId: string, change: OrgChange) =>
    handle.db.transaction().execute(async (trx) => {
      await trx.selectFrom('orgs').select('id').where('id', '=', orgId).forUpdate().execute()
      return writeOrgChange(trx, orgId, meta, change)
    })

  test("a change made outside the engine: a new version, its audit events in order, the claim's mark with both", async () => {
    await seedOrg(handle.db, 'by-hand')
    const before = await stored('by-hand')
    const claim = await claimed('by-hand-scope', T0)
    const audit = [
      auditEntry({ type: 'context.registered', details: { context: 'workspace:w' } }),
      auditEntry({ type: 'org.updated', subject: 'acme', details: { name: 'Acme' } }),
    ]
    const written = await locked('by-hand', { audit, claim, subject: 'workspace:w' })
    expect(written?.version).toBe((before.version ?? 0) + 1)
    expect(written?.events.map((e) => [e.type, e.subject, e.data, e.request_id])).toEqual([
      ['context.registered', null, { kind: 'context.registered', context: 'workspace:w' }, 'req-1'],
      ['org.updated', 'acme', { kind: 'org.updated', name: 'Acme' }, 'req-1'],
    ])
    expect((await stored('by-hand')).audit.slice(-2)).toEqual([
      { type: 'context.registered', subject: null },
      { type: 'org.updated', subject: 'acme' },
    ])
    expect(await beginIdempotent(handle.db, 'by-hand-scope', 'k', 'f', pastClaim)).toEqual({
      unanswered: { appliedAt: meta.at, version: written?.version, subject: 'workspace:w' },
    })
  })

  test('a change outside what the version covers keeps the version, and marks the claim without one', async () => {
    await seedOrg(handle.db, 'unversioned')
    const before = await stored('unversioned')
    const claim = await claimed('unversioned-scope', T0)
    const written = await locked('unversioned', { versioned: false, audit: [], claim, subject: 'wh_1' })
    expect(written).toEqual({ version: before.version, events: [] })
    expect(await stored('unversioned')).toEqual(before)
    expect(await beginIdempotent(handle.db, 'unversioned-scope', 'k', 'f', pastClaim)).toEqual({
      unanswered: { appliedAt: meta.at, version: null, subject: 'wh_1' },
    })
  })

  test('with a claim a retry has taken over: undefined, and nothing written', async () => {
    await seedOrg(handle.db, 'locked-taken')
    const before = await stored('locked-taken')
    const old = await claimed('locked-taken-scope', T0)
    await claimed('locked-taken-scope', pastClaim)
    const written = await locked('locked-taken', { audit: [auditEntry({ type: 'org.updated' })], claim: old })
    expect(written).toBeUndefined()
    expect(await stored('locked-taken')).toEqual(before)
  })
})

// PGlite serialises connections, so only a server can interleave the statement and a takeover.
describe.runIf(process.env.DATABASE_URL)('writeOrgChange against a takeover, on PostgreSQL', () => {
  /** Backends of this database waiting for a lock. */
  const lockWaiters = async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(handle.db)
    return rows[0]?.n ?? 0
  }
  const until = async (what: string, done: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 10_000; !(await done()); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  test('a retry taking the key over while the change runs waits for it, then learns it was applied', async () => {
    await seedOrg(handle.db, 'cas-race')
    const before = await stored('cas-race')
    const claim = await claimed('cas-race-scope', T0)
    // Another writer holds the org's row, so the statement stops at the org, having locked the claim.
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    const holder = handle.db.transaction().execute(async (trx) => {
      await sql`select from orgs where id = 'cas-race' for update`.execute(trx)
      await released
    })
    const applying = roleChangeIfCurrent(handle.db, 'cas-race', role(grant('admin', 'bo')), meta, {
      expectedVersion: before.version ?? 0,
      claim,
    })
    let takeover: ReturnType<typeof beginIdempotent>
    try {
      await until('the statement to wait for the org', async () => (await lockWaiters()) >= 1)
      takeover = beginIdempotent(handle.db, 'cas-race-scope', 'k', 'f', pastClaim)
      await until('the takeover to wait for the claim', async () => (await lockWaiters()) >= 2)
    } finally {
      release()
      await holder
    }
    const applied = await applying
    expect(applied?.version).toBe((before.version ?? 0) + 1)
    expect(await takeover).toEqual({ unanswered: { appliedAt: meta.at, version: applied?.version, subject: null } })
  })
})
