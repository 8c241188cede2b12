import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Revokes a key; its secret stops working at once. Returns false when there was no such
 * unrevoked key, so revoking twice is harmless.
 * @example await revokeApiKey(db, keyId)
 */
export async function revokeApiKey(trx: Kysely<Database>, id: string, at: Date = new Date()): Promise<boolean> {
  const result = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
