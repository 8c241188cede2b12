import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  beginIdempotent,
  type DatabaseHandle,
  deleteExpiredIdempotencyKeys,
  finishIdempotent,
  IDEMPOTENCY_CLAIM_MS,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyStart,
  markIdempotentApplied,
  releaseIdempotent,
} from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const T0 = new Date('2026-03-01T00:00:00.000Z')
const later = (ms: number) => new Date(T0.getTime() + ms)

/** The claim of a start that must have claimed. */
function claimOf(start: IdempotencyStart) {
  if (typeof start !== 'object' || !('claimed' in start)) throw new Error(`expected a claim, got ${String(start)}`)
  return start.claimed
}

const keysIn = async (scope: string) =>
  (
    await handle.db.selectFrom('idempotency_keys').select('key').where('scope', '=', scope).orderBy('key').execute()
  ).map((row) => row.key)

describe('beginIdempotent', () => {
  test('walks claimed → conflict-running → replay, and a changed request is a mismatch', async () => {
    const begin = (fingerprint: string, now = T0) => beginIdempotent(handle.db, 'key-1', 'k', fingerprint, now)
    const claim = claimOf(await begin('POST /grant a'))
    expect(await begin('POST /grant a')).toBe('conflict-running')
    expect(await begin('POST /grant b')).toBe('mismatch')
    const response = { status: 201, body: { ok: true, version: 3 }, headers: { 'rolecall-consistency': '3' } }
    expect(await finishIdempotent(handle.db, claim, response)).toBe(true)
    expect(await begin('POST /grant a')).toEqual({ replay: response })
    expect(await begin('POST /grant b')).toBe('mismatch')
  })

  test('a key past its 24 hours is new again', async () => {
    await beginIdempotent(handle.db, 'key-2', 'k', 'f', T0)
    const finished = await beginIdempotent(handle.db, 'key-2b', 'k', 'f', T0)
    await finishIdempotent(handle.db, claimOf(finished), { status: 200, body: null, headers: {} })
    expect(await beginIdempotent(handle.db, 'key-2b', 'k', 'f', later(IDEMPOTENCY_TTL_MS - 1))).toHaveProperty('replay')
    expect(claimOf(await beginIdempotent(handle.db, 'key-2', 'k', 'other', later(IDEMPOTENCY_TTL_MS)))).toBeDefined()
    expect(claimOf(await beginIdempotent(handle.db, 'key-2b', 'k', 'other', later(IDEMPOTENCY_TTL_MS)))).toBeDefined()
  })

  test('the same key in another scope is new', async () => {
    await beginIdempotent(handle.db, 'key-3', 'k', 'f', T0)
    expect(claimOf(await beginIdempotent(handle.db, 'key-4', 'k', 'f', T0))).toBeDefined()
  })

  test('a released claim is new again', async () => {
    const claim = claimOf(await beginIdempotent(handle.db, 'key-5', 'k', 'f', T0))
    await releaseIdempotent(handle.db, claim)
    expect(claimOf(await beginIdempotent(handle.db, 'key-5', 'k', 'f', T0))).toBeDefined()
  })

  // Pins the fix for a claim left by a process that died mid-request: it answered 409 for 24 hours.
  test('a running claim is held for IDEMPOTENCY_CLAIM_MS, then a retry takes it over', async () => {
    const abandoned = claimOf(await beginIdempotent(handle.db, 'key-7', 'k', 'f', T0))
    expect(await beginIdempotent(handle.db, 'key-7', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS - 1))).toBe(
      'conflict-running',
    )
    expect(await beginIdempotent(handle.db, 'key-7', 'k', 'other', later(IDEMPOTENCY_CLAIM_MS))).toBe('mismatch')
    const retry = claimOf(await beginIdempotent(handle.db, 'key-7', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS)))
    expect(retry.token).not.toBe(abandoned.token)
    // The takeover claims afresh: a second retry right after it waits for this one.
    expect(await beginIdempotent(handle.db, 'key-7', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS + 1))).toBe(
      'conflict-running',
    )
  })

  test('the request whose claim was taken over neither stores its response nor drops the new claim', async () => {
    const old = claimOf(await beginIdempotent(handle.db, 'key-8', 'k', 'f', T0))
    const retry = claimOf(await beginIdempotent(handle.db, 'key-8', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS)))
    expect(await finishIdempotent(handle.db, old, { status: 200, body: { from: 'old' }, headers: {} })).toBe(false)
    await releaseIdempotent(handle.db, old)
    const now = later(IDEMPOTENCY_CLAIM_MS + 1)
    expect(await beginIdempotent(handle.db, 'key-8', 'k', 'f', now)).toBe('conflict-running')
    await finishIdempotent(handle.db, retry, { status: 200, body: { from: 'retry' }, headers: {} })
    expect(await beginIdempotent(handle.db, 'key-8', 'k', 'f', now)).toEqual({
      replay: { status: 200, body: { from: 'retry' }, headers: {} },
    })
  })

  test('of retries taking over one abandoned claim at once, one claims it', async () => {
    await beginIdempotent(handle.db, 'key-9', 'k', 'f', T0)
    const now = later(IDEMPOTENCY_CLAIM_MS)
    const starts = await Promise.all([1, 2, 3].map(() => beginIdempotent(handle.db, 'key-9', 'k', 'f', now)))
    expect(starts.filter((start) => start === 'conflict-running')).toHaveLength(2)
    expect(starts.filter((start) => typeof start === 'object' && 'claimed' in start)).toHaveLength(1)
  })
})

describe('markIdempotentApplied', () => {
  test('an abandoned claim whose change was applied is never taken over: retries learn of the change', async () => {
    const claim = claimOf(await beginIdempotent(handle.db, 'key-applied', 'k', 'f', T0))
    const marked = await handle.db
      .transaction()
      .execute((trx) => markIdempotentApplied(trx, claim, { version: 7, subject: 'inv_1' }, later(5)))
    expect(marked).toBe(true)
    const abandoned = later(IDEMPOTENCY_CLAIM_MS + 1)
    const unanswered = { unanswered: { appliedAt: later(5), version: 7, subject: 'inv_1' } }
    expect(await beginIdempotent(handle.db, 'key-applied', 'k', 'f', abandoned)).toEqual(unanswered)
    expect(await beginIdempotent(handle.db, 'key-applied', 'k', 'f', abandoned)).toEqual(unanswered)
    expect(await beginIdempotent(handle.db, 'key-applied', 'k', 'other', abandoned)).toBe('mismatch')
    // Before the claim is abandoned, its holder may still be answering.
    expect(await beginIdempotent(handle.db, 'key-applied', 'k', 'f', later(10))).toBe('conflict-running')
  })

  test('a mark rolled back with its change leaves the claim to be taken over', async () => {
    const claim = claimOf(await beginIdempotent(handle.db, 'key-rolled-back', 'k', 'f', T0))
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await markIdempotentApplied(trx, claim)
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(
      claimOf(await beginIdempotent(handle.db, 'key-rolled-back', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS + 1))),
    ).toBeDefined()
  })

  test('a released claim with an applied change stays, abandoned: a retry learns of the change at once', async () => {
    const claim = claimOf(await beginIdempotent(handle.db, 'key-applied-500', 'k', 'f', T0))
    await markIdempotentApplied(handle.db, claim, { version: 3 }, later(5))
    await releaseIdempotent(handle.db, claim)
    expect(await beginIdempotent(handle.db, 'key-applied-500', 'k', 'f', later(10))).toEqual({
      unanswered: { appliedAt: later(5), version: 3, subject: null },
    })
  })

  test('the request whose claim was taken over cannot mark it, so it rolls back instead', async () => {
    const old = claimOf(await beginIdempotent(handle.db, 'key-late-mark', 'k', 'f', T0))
    const fresh = claimOf(await beginIdempotent(handle.db, 'key-late-mark', 'k', 'f', later(IDEMPOTENCY_CLAIM_MS + 1)))
    expect(await markIdempotentApplied(handle.db, old)).toBe(false)
    expect(await markIdempotentApplied(handle.db, fresh)).toBe(true)
  })
})

describe('deleteExpiredIdempotencyKeys', () => {
  test('removes only keys past their expiry, a batch at a time, and counts them', async () => {
    // Two days before the other tests' keys, so theirs are not yet expired here.
    const start = later(-2 * IDEMPOTENCY_TTL_MS)
    const at = (ms: number) => new Date(start.getTime() + ms)
    for (const key of ['old-1', 'old-2', 'old-3', 'old-4', 'old-5'])
      await beginIdempotent(handle.db, 'key-6', key, 'f', start)
    await beginIdempotent(handle.db, 'key-6', 'fresh', 'f', at(1))
    const deleted = await deleteExpiredIdempotencyKeys(handle.db, { now: at(IDEMPOTENCY_TTL_MS), batch: 2 })
    expect(deleted).toBe(5)
    expect(await keysIn('key-6')).toEqual(['fresh'])
  })
})
