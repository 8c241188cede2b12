import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Whether a user other than `userId` has the e-mail address, so `upsertUser` would break the unique
 * index on it. Compared exactly, as that index compares.
 * @example if (await isEmailTaken(trx, 'bo@example.com', 'usr_bo')) // answer CONFLICT before writing
 */
export async function isEmailTaken(trx: Kysely<Database>, email: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('id', '<>', userId)
    .executeTakeFirst()
  return row !== undefined
}
