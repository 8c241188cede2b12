import type { Kysely } from 'kysely'
import type { ContextKind, Database } from '../schema.js'

/**
 * One registered context of an org, or undefined.
 * @example const team = await getContext(db, 'acme', 'team:ops') // { kind: 'team', name: 'Ops' }
 */
export function getContext(
  trx: Kysely<Database>,
  orgId: string,
  id: string,
): Promise<{ kind: ContextKind; name: string } | undefined> {
  return trx
    .selectFrom('contexts')
    .select(['kind', 'name'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}
