import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  beginIdempotent,
  createTestDatabase,
  type DatabaseHandle,
  deleteExpiredIdempotencyKeys,
  finishIdempotent,
  IDEMPOTENCY_TTL_MS,
  releaseIdempotent,
} from '../src/index.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const T0 = new Date('2026-03-01T00:00:00.000Z')
const later = (ms: number) => new Date(T0.getTime() + ms)

describe('beginIdempotent', () => {
  test('walks new → conflict-running → replay, and a changed request is a mismatch', async () => {
    const begin = (fingerprint: string, now = T0) => beginIdempotent(handle.db, 'key-1', 'k', fingerprint, now)
    expect(await begin('POST /grant a')).toBe('new')
    expect(await begin('POST /grant a')).toBe('conflict-running')
    expect(await begin('POST /grant b')).toBe('mismatch')
    await finishIdempotent(handle.db, 'key-1', 'k', { status: 201, body: { ok: true, version: 3 } })
    expect(await begin('POST /grant a')).toEqual({ replay: { status: 201, body: { ok: true, version: 3 } } })
    expect(await begin('POST /grant b')).toBe('mismatch')
  })

  test('a key past its 24 hours is new again', async () => {
    await beginIdempotent(handle.db, 'key-2', 'k', 'f', T0)
    expect(await beginIdempotent(handle.db, 'key-2', 'k', 'f', later(IDEMPOTENCY_TTL_MS - 1))).toBe('conflict-running')
    expect(await beginIdempotent(handle.db, 'key-2', 'k', 'other', later(IDEMPOTENCY_TTL_MS))).toBe('new')
  })

  test('the same key in another scope is new', async () => {
    await beginIdempotent(handle.db, 'key-3', 'k', 'f', T0)
    expect(await beginIdempotent(handle.db, 'key-4', 'k', 'f', T0)).toBe('new')
  })

  test('a released claim is new again', async () => {
    await beginIdempotent(handle.db, 'key-5', 'k', 'f', T0)
    await releaseIdempotent(handle.db, 'key-5', 'k')
    expect(await beginIdempotent(handle.db, 'key-5', 'k', 'f', T0)).toBe('new')
  })
})

describe('deleteExpiredIdempotencyKeys', () => {
  test('removes only keys past their expiry', async () => {
    await beginIdempotent(handle.db, 'key-6', 'old', 'f', T0)
    await beginIdempotent(handle.db, 'key-6', 'fresh', 'f', later(IDEMPOTENCY_TTL_MS))
    await deleteExpiredIdempotencyKeys(handle.db, later(IDEMPOTENCY_TTL_MS + 1))
    const left = await handle.db.selectFrom('idempotency_keys').select('key').where('scope', '=', 'key-6').execute()
    expect(left).toEqual([{ key: 'fresh' }])
  })
})
