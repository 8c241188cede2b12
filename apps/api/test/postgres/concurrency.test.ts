import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startApi } from '../http/harness.js'
import { expectAuditMatchesRoles, reportedRoles } from './audit-replay.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

// Every race below is run on a fresh org per trial, so a lost race in trial 117 cannot hide behind
// the state of trial 116. The pool has 10 connections; requests really run side by side.
const TRIALS = 200
const WIDE_TRIALS = 20
const WIDE = 50
/** Trials in flight at once, each on its own org: the suite waits on round trips, not on the CPU. */
const SIDE_BY_SIDE = 8
/** A test's time limit: generous, since CI machines (and laptops) are shared with other work. */
const TRIAL_MS = 180_000

/**
 * Runs `count` trials, `parallel` at a time. After a failure no new trial starts; the first failure is
 * thrown once the trials in flight have finished, so none outlives the test (and its server).
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

documentsWhyPostgres()

describe.runIf(postgresUrl)('mutations racing on one org (PostgreSQL, over HTTP)', () => {
  let api: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    api = await startApi()
  }, 60_000)
  afterAll(() => api?.close())

  const path = (org: string, rest: string) => `/v1/orgs/${org}${rest}`

  /** Invites a person (with roles received on accepting) and has them accept. */
  async function join(org: string, inviter: string, user: string, roles: string[] = []) {
    const invited = await api.call('POST', path(org, '/invitations'), {
      actor: inviter,
      body: { user: { id: user, displayName: user.toUpperCase() }, roles },
    })
    expect(invited.status, `invite ${user}: ${JSON.stringify(invited.body)}`).toBe(201)
    const accepted = await api.call('POST', path(org, `/invitations/${invited.body.invitationId}/accept`), {
      actor: user,
    })
    expect(accepted.status, `accept ${user}: ${JSON.stringify(accepted.body)}`).toBe(200)
  }

  const revoke = (org: string, actor: string, role: string, target: string) =>
    api.call('DELETE', path(org, `/roles/${role}/holders/${target}`), { actor })
  const grant = (org: string, actor: string, role: string, target: string) =>
    api.call('PUT', path(org, `/roles/${role}/holders/${target}`), { actor })
  const outcome = (res: { status: number; body: { code?: string } | null }) =>
    res.status < 300 ? String(res.status) : `${res.status} ${res.body?.code}`

  test('the database runs transactions of the pool side by side, as a race needs', async () => {
    const pid = (seconds: number) =>
      api.db
        .transaction()
        .execute(
          async (trx) =>
            (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(${seconds})`.execute(trx)).rows[0]
              ?.pid,
        )
    await Promise.all([pid(0), pid(0), pid(0)]) // opens the connections
    const started = performance.now()
    const pids = await Promise.all([pid(0.2), pid(0.2), pid(0.2)])
    expect(new Set(pids).size).toBe(3)
    // One after another, the three sleeps would take 600 ms.
    expect(performance.now() - started).toBeLessThan(450)
  })

  test(
    `two concurrent revocations of the last two admins leave one: 200 and 409 LAST_HOLDER (${TRIALS} trials)`,
    async () => {
      await runTrials(TRIALS, SIDE_BY_SIDE, async (_, label) => {
        const org = await api.createOrg('org-admin', 'ana')
        await join(org, 'ana', 'bo', ['admin'])
        // Each admin steps down: whoever goes second is still an admin, so only the minimum can stop them.
        const [ana, bo] = await Promise.all([revoke(org, 'ana', 'admin', 'ana'), revoke(org, 'bo', 'admin', 'bo')])
        expect([outcome(ana), outcome(bo)].sort(), label).toEqual(['200', '409 LAST_HOLDER'])
        const roles = await reportedRoles(api.call, org, 'ana')
        expect(roles.holders('admin'), label).toEqual([ana.status === 200 ? 'bo' : 'ana'])
        await expectAuditMatchesRoles(api.call, org, 'ana', roles, label)
      })
    },
    TRIAL_MS,
  )

  test(
    `${WIDE} concurrent revocations of every admin leave at least one (${WIDE_TRIALS} trials)`,
    async () => {
      const people = Array.from({ length: WIDE }, (_, i) => (i === 0 ? 'ana' : `adm${i}`))
      await runTrials(WIDE_TRIALS, 4, async (n, trial) => {
        const org = await api.createOrg('org-admin', 'ana')
        // Two joins at a time: they queue on the org's lock anyway, and 49 waiting would hold the whole pool.
        const joining = people.slice(1)
        await Promise.all(
          [0, 1].map(async (lane) => {
            for (const p of joining.filter((_, i) => i % 2 === lane)) await join(org, 'ana', p, ['admin'])
          }),
        )
        // Even trials: everyone steps down. Odd trials: each admin revokes the next, round the ring.
        const selfRevoking = n % 2 === 0
        const label = `${trial} (${selfRevoking ? 'self' : 'ring'})`
        expect((await reportedRoles(api.call, org, 'ana')).holders('admin'), label).toHaveLength(WIDE)
        const results = await Promise.all(
          people.map((actor, i) =>
            revoke(org, actor, 'admin', selfRevoking ? actor : (people[(i + 1) % WIDE] as string)),
          ),
        )
        const roles = await reportedRoles(api.call, org, 'ana')
        const left = roles.holders('admin')
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
        await expectAuditMatchesRoles(api.call, org, 'ana', roles, label)
      })
    },
    TRIAL_MS,
  )

  test(
    `racing transfer requests, accepts and a cancel never leave zero or two owners (${TRIALS} trials)`,
    async () => {
      await runTrials(TRIALS, SIDE_BY_SIDE, async (_, label) => {
        const org = await api.createOrg('teamroom', 'ana')
        await Promise.all(['bo', 'cy'].map((p) => join(org, 'ana', p)))
        const transfers = path(org, '/ownership-transfers')
        const requestTo = (to: string) => api.call('POST', transfers, { actor: 'ana', body: { to } })

        // Two transfers requested at once: one opens, the other finds it pending.
        const requests = await Promise.all([requestTo('bo'), requestTo('cy')])
        expect(requests.map(outcome).sort(), label).toEqual(['201', '409 TRANSFER_PENDING'])
        const opened = requests.findIndex((r) => r.status === 201)
        const [to, other] = opened === 0 ? ['bo', 'cy'] : ['cy', 'bo']
        const transfer = `${transfers}/${requests[opened]?.body.transferId}`

        // The recipient accepts twice while the owner cancels and asks for a transfer to someone else.
        const [accept1, accept2, cancel, again] = await Promise.all([
          api.call('POST', `${transfer}/accept`, { actor: to }),
          api.call('POST', `${transfer}/accept`, { actor: to }),
          api.call('POST', `${transfer}/cancel`, { actor: 'ana' }),
          requestTo(other),
        ])
        const closing = [accept1, accept2, cancel].map(outcome).sort()
        expect(closing, label).toEqual(['200', '409 TRANSFER_CLOSED', '409 TRANSFER_CLOSED'])
        const accepted = cancel.status !== 200
        // The new request finds the transfer still open, or the owner gone (accepted), or opens one (cancelled).
        const allowed = ['409 TRANSFER_PENDING', accepted ? '403 NOT_AUTHORIZED' : '201']
        expect(allowed, label).toContain(outcome(again))

        const roles = await reportedRoles(api.call, org, 'ana')
        expect(roles.holders('owner'), label).toEqual([accepted ? to : 'ana'])
        expect(roles.holders('co_owner'), label).toEqual(accepted ? ['ana'] : [])
        await expectAuditMatchesRoles(api.call, org, 'ana', roles, label)
      })
    },
    TRIAL_MS,
  )

  test(
    `concurrent grants of a max-1 role to different people leave exactly one holder (${TRIALS} trials)`,
    async () => {
      const candidates = ['bo', 'cy', 'dee', 'eli']
      await runTrials(TRIALS, SIDE_BY_SIDE, async (_, label) => {
        const org = await api.createOrg('teamroom', 'ana')
        // A max-1 grant replaces the holder, so every grant succeeds; the lock keeps them from stacking up.
        const results = await Promise.all(candidates.map((p) => grant(org, 'ana', 'payment_user', p)))
        expect(results.map(outcome), label).toEqual(['200', '200', '200', '200'])
        const roles = await reportedRoles(api.call, org, 'ana')
        const holders = roles.holders('payment_user')
        expect(holders, label).toHaveLength(1)
        expect(candidates, label).toContain(holders[0])
        await expectAuditMatchesRoles(api.call, org, 'ana', roles, label)
      })
    },
    TRIAL_MS,
  )
})
