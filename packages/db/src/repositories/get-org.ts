import type { Kysely } from 'kysely'
import type { Database, OrgRow } from '../schema.js'

/**
 * Reads one org row without locking it.
 * @example const org = await getOrg(db, 'acme')
 */
export const getOrg = (trx: Kysely<Database>, orgId: string): Promise<OrgRow | undefined> =>
  trx.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst()
