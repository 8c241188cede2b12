import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ApiProcess, type FreshDatabase, freshDatabase, spawnApi } from './api-process.js'
import { type AuditEvent, auditEvents, expectSameAssignments, replay, reportedRoles } from './audit-replay.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

const ROUNDS = 3
const ORGS = 3
/** Per org: clients granting admin to a new principal each time, plus one moving the max-1 payment_user role. */
const ADMIN_CLIENTS_PER_ORG = 3
/** The kill comes after at least this many acknowledged grants, plus a random share of as many again. */
const KILL_AFTER_ACKS = 120

interface Grant {
  org: string
  role: string
  principal: string
  requestId: string
}

documentsWhyPostgres()

describe.runIf(postgresUrl)('crash safety (SIGKILL during a grant load, on PostgreSQL)', () => {
  let database: FreshDatabase | undefined
  let api: ApiProcess | undefined
  const orgs: string[] = []

  beforeAll(async () => {
    database = await freshDatabase()
    api = await spawnApi(database.url)
    for (let i = 0; i < ORGS; i++) {
      const created = await api.call('POST', '/v1/orgs', {
        body: { name: `Crash ${i}`, model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
      })
      expect(created.status).toBe(201)
      orgs.push(created.body.id)
    }
  }, 60_000)

  afterAll(async () => {
    await api?.stop()
    await database?.close()
  }, 30_000)

  /** One grant, keyed by its request id, as a client that retries would send it every time. */
  const send = (target: ApiProcess, grant: Grant) =>
    target.call('PUT', `/v1/orgs/${grant.org}/roles/${grant.role}/holders/${grant.principal}`, {
      actor: 'ana',
      headers: { 'X-Request-Id': grant.requestId, 'Idempotency-Key': grant.requestId },
    })

  /** Grants from several concurrent clients until their connections are cut (or `stop()` is called). */
  function grantLoad(target: ApiProcess, round: number) {
    const acked: Grant[] = []
    const refused: string[] = []
    /** Sent, and never answered: in flight when the process died, so applied entirely or not at all. */
    const unanswered: Grant[] = []
    const inFlight = new Set<string>()
    let stopped = false
    const client = async (org: string, name: string, role: string, principal: (n: number) => string) => {
      for (let n = 0; !stopped; n++) {
        const grant = { org, role, principal: principal(n), requestId: `r${round}-${name}-${n}` }
        inFlight.add(grant.requestId)
        try {
          const res = await send(target, grant)
          if (res.status === 200) acked.push(grant)
          else refused.push(`${grant.requestId}: ${res.status} ${JSON.stringify(res.body)}`)
        } catch {
          unanswered.push(grant)
          return
        } finally {
          inFlight.delete(grant.requestId)
        }
      }
    }
    const clients = orgs.flatMap((org, o) => [
      ...Array.from({ length: ADMIN_CLIENTS_PER_ORG }, (_, c) =>
        client(org, `o${o}c${c}`, 'admin', (n) => `r${round}-o${o}c${c}-u${n}`),
      ),
      client(org, `o${o}pay`, 'payment_user', (n) => `payer${n % 3}`),
    ])
    const done = Promise.all(clients).then(() => ({ acked, refused, unanswered }))
    return {
      acked,
      inFlight,
      done,
      stop: () => {
        stopped = true
      },
    }
  }

  /** What the database holds for one org, read directly: only SQL can tell a half-applied write. */
  async function stored(org: string) {
    if (!database) throw new Error('no database')
    const db = database.db
    const [rows, events, version] = await Promise.all([
      db.selectFrom('role_assignments').select(['role', 'principal_id', 'context']).where('org_id', '=', org).execute(),
      db
        .selectFrom('audit_events')
        .select(['id', 'type', 'subject', 'data', 'request_id'])
        .where('org_id', '=', org)
        .orderBy('id')
        .execute(),
      db.selectFrom('orgs').select('version').where('id', '=', org).executeTakeFirstOrThrow(),
    ])
    return {
      assignments: rows
        .map((r) => (r.context ? `${r.role} ${r.principal_id} @${r.context}` : `${r.role} ${r.principal_id}`))
        .sort(),
      events: events.map((e): AuditEvent => ({ ...e, data: e.data as AuditEvent['data'], requestId: e.request_id })),
      version: version.version,
    }
  }

  test(`every acknowledged grant survives ${ROUNDS} SIGKILLs with its audit event, and nothing is half-applied`, async () => {
    if (!database || !api) throw new Error('not started')
    const everAcked: Grant[] = []
    const everUnanswered: Grant[] = []
    let appliedUnanswered = 0
    const retryAnswers = new Map<string, number>()
    for (let round = 0; round < ROUNDS; round++) {
      const label = `round ${round}`
      const running: ApiProcess = api
      const load = grantLoad(running, round)
      const killAt = KILL_AFTER_ACKS + Math.floor(Math.random() * KILL_AFTER_ACKS)
      const deadline = performance.now() + 20_000
      while (load.acked.length < killAt && performance.now() < deadline) await sleep(5)
      const inFlightAtKill = [...load.inFlight]
      await running.kill()
      load.stop()
      const { acked, refused, unanswered } = await load.done
      await running.stop() // the process is gone; this removes its data directory
      expect(refused, label).toEqual([])
      // On a loaded machine the load may not reach killAt before the deadline; any acknowledged grant will do.
      expect(acked.length, `${label}: acknowledged before the kill`).toBeGreaterThan(0)
      // Requests were in flight when the process died: the kill landed mid-write.
      expect(inFlightAtKill.length, label).toBeGreaterThan(0)
      everAcked.push(...acked)
      everUnanswered.push(...unanswered)

      api = await spawnApi(database.url)
      const restarted = api
      for (const org of orgs) {
        // This grant waits for the org lock, so no transaction of the killed process is still open after it.
        const after = await restarted.call('PUT', `/v1/orgs/${org}/roles/admin/holders/after-restart-${round}`, {
          actor: 'ana',
        })
        expect(after.status, `${label}: a grant after the restart`).toBe(200)
      }

      const writersOfRound = new Set<string>()
      for (const org of orgs) {
        const roles = await reportedRoles(restarted.call, org, 'ana')
        const events = await auditEvents(restarted.call, org, 'ana')
        const granted = new Set(
          events
            .filter((e) => e.type === 'role.granted')
            .map((e) => `${e.requestId} ${e.data.role} ${e.data.principal}`),
        )
        const admins = new Set(roles.holders('admin'))
        for (const grant of everAcked.filter((g) => g.org === org && g.role === 'admin')) {
          expect(admins.has(grant.principal), `${label}: acknowledged ${grant.requestId} is held`).toBe(true)
          expect(
            granted.has(`${grant.requestId} admin ${grant.principal}`),
            `${label}: acknowledged ${grant.requestId} has its role.granted event`,
          ).toBe(true)
        }
        expect(roles.holders('payment_user').length, label).toBeLessThanOrEqual(1)
        expectSameAssignments(replay(events), roles.assignments, `${label}: audit replay vs GET /roles`)

        // Direct SQL: the assignments are exactly what the events add up to, in both directions.
        const db = await stored(org)
        expectSameAssignments(replay(db.events), db.assignments, `${label}: audit_events replay vs role_assignments`)
        // The version bump commits with its events: one bump per request that wrote any, plus the founding.
        const writers = new Set(db.events.map((e) => e.requestId).filter((id) => id !== null))
        expect(db.version, `${label}: org version vs requests with events`).toBe(1 + writers.size)
        for (const id of writers) writersOfRound.add(id)
        if (round === ROUNDS - 1) appliedUnanswered += everUnanswered.filter((g) => writers.has(g.requestId)).length
      }

      // A key is marked applied exactly when its request's change committed: the mark commits with it.
      const keys = await database.db
        .selectFrom('idempotency_keys')
        .select(['key', 'applied_at'])
        .where('key', 'like', `r${round}-%`)
        .execute()
      for (const { key, applied_at } of keys) {
        expect(applied_at !== null, `${label}: ${key} marked applied iff it wrote`).toBe(writersOfRound.has(key))
      }
      // Retried, the cut-off requests are told of a committed change, or run, at once: the claims the killed
      // process left running are abandoned with it, minutes before their age would abandon them.
      for (const grant of unanswered) {
        const retry = await send(restarted, grant)
        const answer =
          retry.status === 409
            ? retry.body.code
            : `${retry.status}${retry.headers.get('idempotent-replayed') ? ' replayed' : ''}`
        // A change that committed is never made again: its stored answer is replayed, or, if the process
        // died before storing it, the retry is told so. One that did not commit runs now.
        const allowed = writersOfRound.has(grant.requestId) ? ['200 replayed', 'IDEMPOTENCY_RESPONSE_LOST'] : ['200']
        expect(allowed, `${label}: retry of ${grant.requestId} answered ${answer}`).toContain(answer)
        retryAnswers.set(answer, (retryAnswers.get(answer) ?? 0) + 1)
      }
    }
    console.info(
      `crash safety: ${everAcked.length} grants acknowledged, ${everUnanswered.length} cut off by ${ROUNDS} kills, ` +
        `${appliedUnanswered} of those committed before the kill; retried: ${JSON.stringify(Object.fromEntries(retryAnswers))}`,
    )
  }, 180_000)
})
