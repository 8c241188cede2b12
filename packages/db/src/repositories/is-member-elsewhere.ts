import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Whether any organization other than `orgId` still has the user as an invitee or an active member.
 * Users are shared between orgs, so this is what decides whether one org may anonymize them.
 * @example if (await isMemberElsewhere(trx, 'acme', 'usr_zed')) // the case waits
 */
export async function isMemberElsewhere(trx: Kysely<Database>, orgId: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', userId)
    .where('org_id', '<>', orgId)
    .where('status', 'in', ['invited', 'active'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
