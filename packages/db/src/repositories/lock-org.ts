import type { Kysely } from 'kysely'
import type { Database, OrgRow } from '../schema.js'

/**
 * Locks the org row until the transaction ends and returns it. Every decision locks first, so
 * two concurrent commands on one org see each other's writes instead of the same stale state.
 * @example const org = await lockOrg(trx, orgId)
 */
export const lockOrg = (trx: Kysely<Database>, orgId: string): Promise<OrgRow | undefined> =>
  trx.selectFrom('orgs').selectAll().where('id', '=', orgId).forUpdate().executeTakeFirst()
