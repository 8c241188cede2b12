import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Whether another person of the org has the e-mail address, so `upsertPerson` would break the org's
 * unique index on it. Other orgs are never asked: whose address it is elsewhere is theirs to know.
 * Compared exactly, as that index compares.
 * @example if (await isEmailTaken(trx, 'acme', 'bo@example.com', 'usr_bo')) // answer CONFLICT before writing
 */
export async function isEmailTaken(
  trx: Kysely<Database>,
  orgId: string,
  email: string,
  userId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('people')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .where('user_id', '<>', userId)
    .executeTakeFirst()
  return row !== undefined
}
