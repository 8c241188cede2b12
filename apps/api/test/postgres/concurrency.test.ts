import { setTimeout as sleep } from 'node:timers/promises'
import type { Effect } from '@rolecall/core'
import { applyEffects } from '@rolecall/db'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Call, CallOptions, CallResult } from '../http/harness.js'
import { type ApiInstance, type ApiInstances, startInstances } from './api-instances.js'
import { expectAuditMatchesRoles, reportedRoles } from './audit-replay.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

// Every race below is run on a fresh org per trial, so a lost race in trial 117 cannot hide behind
// the state of trial 116. Each trial spreads its requests over several API instances on one database:
// within an instance, writes to an org take turns, so only across instances is a race decided by
// Postgres (row locks and the compare-and-set on the org's version) rather than by that queue.
const TRIALS = 200
const WIDE = 50
const INSTANCES = 3
/** Trials in flight at once, each on its own org, so that one trial's round trips overlap another's work. */
const SIDE_BY_SIDE = 8
/** Trials of the race forced to meet in the database, per case. */
const FORCED_TRIALS = 10
/** A test's time limit: generous, since CI machines (and laptops) are shared with other work. */
const TRIAL_MS = 180_000

/**
 * Runs `count` trials, `parallel` at a time. After a failure no new trial starts; the first failure is
 * thrown once the trials in flight have finished, so none outlives the test (and its instances).
 */
async function runTrials(count: number, parallel: number, trial: (n: number, label: string) => Promise<void>) {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < count && !failure) {
      const n = next++
      try {
        await trial(n, `trial ${n}`)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  if (failure) throw failure.error
}

/** A race of two writes through two instances, forced to meet in the database; what it must end in. */
interface ForcedRace {
  name: string
  model: string
  members: Record<string, string[]>
  race(n: number, org: string): Promise<CallResult>[]
  /** The answers, sorted. */
  outcomes: string[]
  /** The role that must have exactly one holder after the race. */
  role: string
}

const outcome = (res: CallResult) => (res.status < 300 ? String(res.status) : `${res.status} ${res.body?.code}`)
/** The consistency token of the latest write among `results`: the state a read must reflect. */
const newest = (results: CallResult[]) => Math.max(0, ...results.map((r) => Number(r.body?.consistency ?? 0)))

documentsWhyPostgres()

describe.runIf(postgresUrl)(`mutations racing on one org through ${INSTANCES} API instances (PostgreSQL)`, () => {
  let shared: ApiInstances | undefined
  let instances: ApiInstance[] = []
  beforeAll(async () => {
    shared = await startInstances(INSTANCES)
    instances = shared.instances
  }, 60_000)
  afterAll(() => shared?.close())

  /** The instance that sends request `i` of trial `n`: consecutive requests go to different instances. */
  const via = (n: number, i: number) => instances[(n + i) % INSTANCES] as ApiInstance
  const path = (org: string, rest = '') => `/v1/orgs/${org}${rest}`

  async function must(call: Call, status: number, method: string, url: string, options?: CallOptions) {
    const res = await call(method, url, options)
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(status)
    return res.body
  }

  /** A new org founded by ana; its consistency token. */
  async function createOrg(on: ApiInstance, model: string) {
    const body = await must(on.call, 201, 'POST', '/v1/orgs', {
      body: {
        name: `Race ${Math.random().toString(36).slice(2, 8)}`,
        model,
        founder: { id: 'ana', displayName: 'ANA' },
      },
    })
    return { org: body.id as string, consistency: body.consistency as number }
  }

  /** Invites a person (with roles received on accepting) and has them accept; the accept's consistency token. */
  async function join(on: ApiInstance, org: string, user: string, roles: string[] = []) {
    const invited = await must(on.call, 201, 'POST', path(org, '/invitations'), {
      actor: 'ana',
      body: { user: { id: user, displayName: user.toUpperCase() }, roles },
    })
    const accepted = await must(on.call, 200, 'POST', path(org, `/invitations/${invited.invitationId}/accept`), {
      actor: user,
    })
    return accepted.consistency as number
  }

  /** Every instance reads the org's roles at `consistency` (and caches that state, to decide its next write on). */
  const cacheEverywhere = (org: string, consistency: number) =>
    Promise.all(instances.map((i) => reportedRoles(i.call, org, 'ana', consistency)))

  /** An org of `model` where ana is founder and `members` have joined with their roles, cached by every instance. */
  async function raceReadyOrg(n: number, model: string, members: Record<string, string[]>) {
    const { org, consistency } = await createOrg(via(n, 0), model)
    let token = consistency
    for (const [user, roles] of Object.entries(members)) token = await join(via(n, 1), org, user, roles)
    await cacheEverywhere(org, token)
    return org
  }

  /**
   * Makes `people` active members holding admin, in one transaction through the storage layer the API
   * writes with (so with their audit events); the org's new consistency token. Through the API it
   * would take 98 writes per org, most of this suite's time on a two-core machine. No change is
   * announced, so instances see it by reading at the token.
   */
  async function seedAdmins(org: string, people: string[]) {
    const db = shared?.database.db
    if (!db) throw new Error('instances not started')
    const effects = people.flatMap((principal): Effect[] => [
      { kind: 'member.activated', principal },
      { kind: 'role.granted', role: 'admin', principal, context: null, cause: 'invitation' },
    ])
    const meta = { actor: 'ana', at: new Date() }
    return (await db.transaction().execute((trx) => applyEffects(trx, org, effects, meta))).version
  }

  const revoke = (on: ApiInstance, org: string, actor: string, role: string, target: string) =>
    on.call('DELETE', path(org, `/roles/${role}/holders/${target}`), { actor })
  const grant = (on: ApiInstance, org: string, actor: string, role: string, target: string) =>
    on.call('PUT', path(org, `/roles/${role}/holders/${target}`), { actor })

  /** The org's roles after `results`, read through `on`, and the audit trail replayed to match them. */
  async function settled(on: ApiInstance, org: string, results: CallResult[], label: string) {
    const roles = await reportedRoles(on.call, org, 'ana', newest(results))
    await expectAuditMatchesRoles(on.call, org, 'ana', roles, label)
    return roles
  }

  test(
    `two concurrent revocations of the last two admins, through two instances, leave one (${TRIALS} trials)`,
    async () => {
      await runTrials(TRIALS, SIDE_BY_SIDE, async (n, label) => {
        const org = await raceReadyOrg(n, 'org-admin', { bo: ['admin'] })
        // Each admin steps down: whoever goes second is still an admin, so only the minimum can stop them.
        const results = await Promise.all([
          revoke(via(n, 0), org, 'ana', 'admin', 'ana'),
          revoke(via(n, 1), org, 'bo', 'admin', 'bo'),
        ])
        const [ana, bo] = results as [CallResult, CallResult]
        expect([outcome(ana), outcome(bo)].sort(), label).toEqual(['200', '409 LAST_HOLDER'])
        const roles = await settled(via(n, 2), org, results, label)
        expect(roles.holders('admin'), label).toEqual([ana.status === 200 ? 'bo' : 'ana'])
      })
    },
    TRIAL_MS,
  )

  test(
    `${WIDE} concurrent revocations of every admin, spread over the instances, leave at least one (${TRIALS} trials)`,
    async () => {
      const people = Array.from({ length: WIDE }, (_, i) => (i === 0 ? 'ana' : `adm${i}`))
      await runTrials(TRIALS, SIDE_BY_SIDE, async (n, trial) => {
        const { org } = await createOrg(via(n, 0), 'org-admin')
        const consistency = await seedAdmins(org, people.slice(1))
        // Even trials: everyone steps down. Odd trials: each admin revokes the next, round the ring.
        const selfRevoking = n % 2 === 0
        const label = `${trial} (${selfRevoking ? 'self' : 'ring'})`
        for (const seen of await cacheEverywhere(org, consistency))
          expect(seen.holders('admin'), label).toHaveLength(WIDE)
        const results = await Promise.all(
          people.map((actor, i) =>
            revoke(via(n, i), org, actor, 'admin', selfRevoking ? actor : (people[(i + 1) % WIDE] as string)),
          ),
        )
        const left = (await settled(via(n, 2), org, results, label)).holders('admin')
        const outcomes = results.map(outcome)
        expect(left.length, label).toBeGreaterThanOrEqual(1)
        // Every 200 removed exactly one admin; every other answer removed none.
        expect(
          outcomes.filter((o) => o === '200'),
          label,
        ).toHaveLength(WIDE - left.length)
        if (selfRevoking) {
          expect(left, label).toHaveLength(1)
          expect(
            outcomes.filter((o) => o === '409 LAST_HOLDER'),
            label,
          ).toHaveLength(1)
        } else {
          // A revoker whose own admin role went first is no longer allowed (403).
          for (const o of outcomes) expect(['200', '403 NOT_AUTHORIZED', '409 LAST_HOLDER'], label).toContain(o)
        }
      })
    },
    TRIAL_MS,
  )

  test(
    `racing transfer requests, accepts and a cancel through the instances never leave zero or two owners (${TRIALS} trials)`,
    async () => {
      await runTrials(TRIALS, SIDE_BY_SIDE, async (n, label) => {
        const org = await raceReadyOrg(n, 'teamroom', { bo: [], cy: [] })
        const transfers = path(org, '/ownership-transfers')
        const requestTo = (on: ApiInstance, to: string) => on.call('POST', transfers, { actor: 'ana', body: { to } })

        // Two transfers requested at once: one opens, the other finds it pending.
        const requests = await Promise.all([requestTo(via(n, 0), 'bo'), requestTo(via(n, 1), 'cy')])
        expect(requests.map(outcome).sort(), label).toEqual(['201', '409 TRANSFER_PENDING'])
        const opened = requests.findIndex((r) => r.status === 201)
        const [to, other] = opened === 0 ? ['bo', 'cy'] : ['cy', 'bo']
        const transfer = `${transfers}/${requests[opened]?.body.transferId}`
        await cacheEverywhere(org, newest(requests))

        // The recipient accepts twice while the owner cancels and asks for a transfer to someone else.
        const closing = await Promise.all([
          via(n, 0).call('POST', `${transfer}/accept`, { actor: to }),
          via(n, 1).call('POST', `${transfer}/accept`, { actor: to }),
          via(n, 2).call('POST', `${transfer}/cancel`, { actor: 'ana' }),
          requestTo(via(n, 3), other),
        ])
        const [accept1, accept2, cancel, again] = closing as [CallResult, CallResult, CallResult, CallResult]
        expect([accept1, accept2, cancel].map(outcome).sort(), label).toEqual([
          '200',
          '409 TRANSFER_CLOSED',
          '409 TRANSFER_CLOSED',
        ])
        const accepted = cancel.status !== 200
        // The new request finds the transfer still open, or the owner gone (accepted), or opens one (cancelled).
        const allowed = ['409 TRANSFER_PENDING', accepted ? '403 NOT_AUTHORIZED' : '201']
        expect(allowed, label).toContain(outcome(again))

        const roles = await settled(via(n, 1), org, [...requests, ...closing], label)
        expect(roles.holders('owner'), label).toEqual([accepted ? to : 'ana'])
        expect(roles.holders('co_owner'), label).toEqual(accepted ? ['ana'] : [])
      })
    },
    TRIAL_MS,
  )

  test(
    `concurrent grants of a max-1 role to different people, through the instances, leave exactly one holder (${TRIALS} trials)`,
    async () => {
      const candidates = ['bo', 'cy', 'dee', 'eli']
      await runTrials(TRIALS, SIDE_BY_SIDE, async (n, label) => {
        const org = await raceReadyOrg(n, 'teamroom', {})
        // A max-1 grant replaces the holder, so every grant succeeds; the database keeps them from stacking up.
        const results = await Promise.all(candidates.map((p, i) => grant(via(n, i), org, 'ana', 'payment_user', p)))
        expect(results.map(outcome), label).toEqual(['200', '200', '200', '200'])
        const holders = (await settled(via(n, 0), org, results, label)).holders('payment_user')
        expect(holders, label).toHaveLength(1)
        expect(candidates, label).toContain(holders[0])
      })
    },
    TRIAL_MS,
  )

  /**
   * Starts `race` while the test holds the org's row lock and runs `whileHeld` (what the database sees of
   * the race meanwhile) before releasing it; the race's answers.
   */
  async function withOrgHeld<T>(org: string, race: () => Promise<T>, whileHeld: () => Promise<void>): Promise<T> {
    const db = shared?.database.db
    if (!db) throw new Error('instances not started')
    const running: { answers?: Promise<T> } = {}
    try {
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('orgs').select('id').where('id', '=', org).forUpdate().executeTakeFirstOrThrow()
        running.answers = race()
        await whileHeld()
      })
    } catch (error) {
      // Rolled back, so the lock is gone: the race finishes before the test (and its instances) do.
      await running.answers?.catch(() => {})
      throw error
    }
    if (!running.answers) throw new Error('the race never started')
    return running.answers
  }

  /**
   * The statements of the instances waiting on a lock in the compare-and-set, once `count` of them are (or
   * after 10 s). Only those: an earlier write's COMMIT may briefly wait for the lock on Postgres's
   * notification queue, which says nothing about this race.
   */
  async function lockWaiters(count: number) {
    const db = shared?.database.db
    if (!db) throw new Error('instances not started')
    for (const deadline = performance.now() + 10_000; ; await sleep(5)) {
      const { rows } = await sql<{ application_name: string; query: string }>`
        select application_name, query from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and application_name like 'instance-%'
        order by application_name`.execute(db)
      const inCompareAndSet = rows.filter((row) => compareAndSet.test(row.query))
      if (inCompareAndSet.length >= count || performance.now() > deadline) return inCompareAndSet
    }
  }

  // The compare-and-set of applyRoleChangeIfCurrent: a write decided on cached state, not under the lock.
  const compareAndSet = /update orgs set version = version \+ 1\s+where id = \$\d+ and version = \$\d+/

  const forced: ForcedRace[] = [
    {
      name: 'the last two admins stepping down: the later is denied LAST_HOLDER',
      model: 'org-admin',
      members: { bo: ['admin'] },
      race: (n: number, org: string) => [
        revoke(via(n, 0), org, 'ana', 'admin', 'ana'),
        revoke(via(n, 1), org, 'bo', 'admin', 'bo'),
      ],
      outcomes: ['200', '409 LAST_HOLDER'],
      role: 'admin',
    },
    {
      name: 'grants of a max-1 role: the later replaces the holder',
      model: 'teamroom',
      members: {},
      race: (n: number, org: string) => [
        grant(via(n, 0), org, 'ana', 'payment_user', 'bo'),
        grant(via(n, 1), org, 'ana', 'payment_user', 'cy'),
      ],
      outcomes: ['200', '200'],
      role: 'payment_user',
    },
  ]

  // Pins that the races above are decided by the database: were the instances' writes to take turns in
  // one process (a shared cache or queue, or every request sent through one instance), at most one of
  // them would ever wait here, and a loss of the compare-and-set would never be seen.
  describe('two instances both decide on their cached state and meet in the compare-and-set', () => {
    for (const { name, model, members, race, outcomes, role } of forced) {
      test(`${name} (${FORCED_TRIALS} trials)`, async () => {
        for (let n = 0; n < FORCED_TRIALS; n++) {
          const label = `trial ${n}`
          const org = await raceReadyOrg(n, model, members)
          const results = await withOrgHeld(
            org,
            () => Promise.all(race(n, org)),
            async () => {
              const waiting = await lockWaiters(2)
              expect(
                waiting.map((w) => w.application_name),
                label,
              ).toEqual([via(n, 0).name, via(n, 1).name].sort())
              for (const w of waiting) expect(w.query, label).toMatch(compareAndSet)
            },
          )
          // One compare-and-set matched; the other found a newer version and its instance decided again,
          // under the lock, on the state the winner left.
          expect(results.map(outcome).sort(), label).toEqual(outcomes)
          const roles = await settled(via(n, 2), org, results, label)
          expect(roles.holders(role), label).toHaveLength(1)
        }
      })
    }
  })
})
