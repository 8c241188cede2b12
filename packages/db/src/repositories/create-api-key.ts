import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { ApiKey, Database } from '../schema.js'
import { hashSecret } from './hash-secret.js'

/** Every column but the hash. */
export const API_KEY_COLUMNS = ['id', 'name', 'org_ids', 'support', 'created_at', 'revoked_at'] as const

export interface NewApiKey {
  name: string
  /** Orgs the key may act in; null for every org. */
  orgIds: string[] | null
  /** Whether the key acts as a support principal. */
  support?: boolean
}

/**
 * Creates an API key and returns its secret. This is the only time the secret is seen:
 * storage keeps its hash.
 * @example const { key, secret } = await createApiKey(db, { name: 'ci', orgIds: ['acme'] })
 */
export async function createApiKey(trx: Kysely<Database>, input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
  const secret = `rc_${randomBytes(32).toString('base64url')}`
  const key = await trx
    .insertInto('api_keys')
    .values({
      id: randomUUID(),
      name: input.name,
      hash: hashSecret(secret),
      org_ids: input.orgIds === null ? null : json(input.orgIds),
      support: input.support ?? false,
    })
    .returning(API_KEY_COLUMNS)
    .executeTakeFirstOrThrow()
  return { key, secret }
}
