import { decideGrant, decideRevoke, type Effect } from '@rolecall/core'
import {
  applyEffects,
  beginIdempotent,
  createOrg,
  type DatabaseHandle,
  IDEMPOTENCY_CLAIM_MS,
  type IdempotencyClaim,
} from '@rolecall/db'
import { createTestDatabase } from '@rolecall/db/testing'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { type MutationInput, mutate } from '../src/commands/mutate.js'
import { createLogger } from '../src/logger.js'
import { OrgStateCache } from '../src/state-cache.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
}, 120_000)
afterAll(() => handle.close())
afterEach(() => {
  vi.useRealTimers()
})

const SEEDED = new Date('2026-03-01T12:00:00.000Z')
const PEOPLE = ['ana', 'bo', 'cy', 'dee', 'eve'] as const
const ROLES = ['co_owner', 'main_owner', 'payment_user', 'authorized_buyer', 'admin', 'main_admin', 'support_team']

/** The same org twice: ana owns it, bo is an admin and cy a co-owner, dee and eve plain members. */
async function seed(orgId: string): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await createOrg(trx, {
      id: orgId,
      name: 'Twin',
      modelId: 'teamroom',
      features: {},
      quotas: {},
      founder: 'ana',
      founderRoles: ['owner'],
      at: SEEDED,
    })
    const grant = (role: string, principal: string): Effect => ({
      kind: 'role.granted',
      role,
      principal,
      context: null,
      cause: 'direct',
    })
    const members = PEOPLE.slice(1).map((principal): Effect => ({ kind: 'member.activated', principal }))
    await applyEffects(trx, orgId, [...members, grant('admin', 'bo'), grant('co_owner', 'cy')], {
      actor: 'ana',
      at: SEEDED,
    })
  })
}

interface Command {
  revoke: boolean
  actor: string
  role: string
  target: string
  context: string
  confirmed: boolean
  /** none, the request's own claim, or a claim a retry has taken over since. */
  key: 'none' | 'held' | 'taken'
}

const command = fc.record<Command>({
  revoke: fc.boolean(),
  actor: fc.constantFrom(...PEOPLE),
  role: fc.constantFrom(...ROLES),
  target: fc.constantFrom(...PEOPLE),
  context: fc.constantFrom('', 'team:a'),
  confirmed: fc.boolean(),
  key: fc.constantFrom('none', 'held', 'taken'),
})

/** A claim on `key` of `scope`, or one that a retry took over from this request. */
async function claimOf(scope: string, key: string, kind: Command['key'], now: Date) {
  if (kind === 'none') return undefined
  const claim = async (at: Date): Promise<IdempotencyClaim> => {
    const start = await beginIdempotent(handle.db, scope, key, 'f', at)
    if (typeof start !== 'object' || !('claimed' in start)) throw new Error(`no claim on ${key}: ${String(start)}`)
    return start.claimed
  }
  if (kind === 'held') return claim(now)
  const abandoned = await claim(new Date(now.getTime() - IDEMPOTENCY_CLAIM_MS - 1))
  await claim(now)
  return abandoned
}

/** Everything a role command may write for the org, without ids that differ by org (org id, row ids, event ids). */
async function rowsOf(orgId: string, scope: string) {
  const { db } = handle
  const org = await db
    .selectFrom('orgs')
    .select(['version', 'model_id', 'features', 'quotas', 'usage'])
    .where('id', '=', orgId)
    .executeTakeFirst()
  const roles = await db
    .selectFrom('role_assignments')
    .select(['role', 'principal_id', 'context', 'granted_by', 'granted_at'])
    .where('org_id', '=', orgId)
    .orderBy('role')
    .orderBy('principal_id')
    .orderBy('context')
    .execute()
  const members = await db
    .selectFrom('memberships')
    .select(['user_id', 'status', 'last_active_at', 'updated_at'])
    .where('org_id', '=', orgId)
    .orderBy('user_id')
    .execute()
  const audit = await db
    .selectFrom('audit_events')
    .select(['at', 'actor', 'type', 'subject', 'data', 'request_id'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute()
  const outbox = await db
    .selectFrom('outbox_events')
    .select(['type', 'at', 'actor', 'subject', 'recipients', 'data', 'dedupe_key', 'dispatched_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute()
  const keys = await db
    .selectFrom('idempotency_keys')
    .select(['key', 'status', 'applied_at', 'applied_version', 'applied_subject'])
    .where('scope', '=', scope)
    .orderBy('key')
    .execute()
  return { org, roles, members, audit, outbox, keys }
}

describe('mutate: a role command by compare-and-set and under the lock', () => {
  test('leave the same answers and the same rows (org, roles, members, audit, outbox, idempotency)', async () => {
    // Both paths of command k run at the same instant, so their timestamps compare as they are.
    vi.useFakeTimers({ toFake: ['Date'] })
    const deps = { db: handle.db, cache: new OrgStateCache(handle.db), logger: createLogger({ level: 'silent' }) }
    let run = 0
    let byCompareAndSet = 0
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        run++
        const twins = { fast: `fast-${run}`, locked: `locked-${run}` }
        await seed(twins.fast)
        await seed(twins.locked)
        for (const [k, cmd] of commands.entries()) {
          const now = new Date(SEEDED.getTime() + (k + 1) * 60_000)
          vi.setSystemTime(now)
          const decide = cmd.revoke ? decideRevoke : decideGrant
          const attempt = async (path: keyof typeof twins) => {
            const orgId = twins[path]
            const claim = await claimOf(orgId, `k${k}`, cmd.key, now)
            const input: MutationInput = { orgId, actor: cmd.actor, requestId: `req-${k}`, claim }
            // Which path made the answer: the last decision made, inside a transaction or on the cache.
            let locked = false
            const outcome = await mutate(deps, { ...input, optimistic: path === 'fast' }, ({ trx, model, state }) => {
              locked = trx.isTransaction
              return decide(model, state, { ...cmd, context: cmd.context || null })
            }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }))
            return { outcome, locked }
          }
          const fast = await attempt('fast')
          const locked = await attempt('locked')
          expect(fast.outcome, `command ${k}`).toEqual(locked.outcome)
          expect(locked.locked).toBe(true)
          // A lone role change that a current claim lets through is the compare-and-set's to make.
          const decided = 'decision' in fast.outcome ? fast.outcome.decision : undefined
          const lone = decided?.ok && decided.effects.length === 1 && cmd.key !== 'taken'
          if (lone) expect(fast.locked, `command ${k} took the lock`).toBe(false)
          if (lone) byCompareAndSet++
        }
        expect(await rowsOf(twins.fast, twins.fast)).toEqual(await rowsOf(twins.locked, twins.locked))
      }),
      { numRuns: 25 },
    )
    expect(byCompareAndSet).toBeGreaterThan(0)
  }, 120_000)
})
