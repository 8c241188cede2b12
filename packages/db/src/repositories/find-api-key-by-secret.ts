import type { Kysely } from 'kysely'
import type { ApiKey, Database } from '../schema.js'
import { API_KEY_COLUMNS } from './create-api-key.js'
import { hashSecret } from './hash-secret.js'

/**
 * Finds the unrevoked key a secret belongs to, by its hash.
 * @example const key = await findApiKeyBySecret(db, bearerToken)
 */
export const findApiKeyBySecret = (trx: Kysely<Database>, secret: string): Promise<ApiKey | undefined> =>
  trx
    .selectFrom('api_keys')
    .select(API_KEY_COLUMNS)
    .where('hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
