import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApiKey, type DatabaseHandle, findApiKeyBySecret, revokeApiKey } from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

describe('createApiKey', () => {
  test('stores the sha-256 of the secret, never the secret', async () => {
    const { key, secret } = await createApiKey(handle.db, { name: 'ci', orgIds: ['acme'] })
    const row = await handle.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow()
    expect(row.hash).toBe(createHash('sha256').update(secret).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(key).not.toHaveProperty('hash')
  })
})

describe('findApiKeyBySecret', () => {
  test('finds a key by its secret, with its org list and support flag', async () => {
    const { key, secret } = await createApiKey(handle.db, { name: 'support', orgIds: null, support: true })
    expect(await findApiKeyBySecret(handle.db, secret)).toEqual(key)
    expect(key).toMatchObject({ name: 'support', org_ids: null, support: true, revoked_at: null })
  })

  test('finds nothing for an unknown secret', async () => {
    expect(await findApiKeyBySecret(handle.db, 'rc_not-a-key')).toBeUndefined()
  })
})

describe('revokeApiKey', () => {
  test('a revoked key is no longer found, and revoking twice reports false', async () => {
    const { key, secret } = await createApiKey(handle.db, { name: 'old', orgIds: ['acme', 'globex'] })
    expect(key.org_ids).toEqual(['acme', 'globex'])
    expect(await revokeApiKey(handle.db, key.id)).toBe(true)
    expect(await findApiKeyBySecret(handle.db, secret)).toBeUndefined()
    expect(await revokeApiKey(handle.db, key.id)).toBe(false)
  })
})
