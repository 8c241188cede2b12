import type { Kysely } from 'kysely'
import type { Database, PersonRow } from '../schema.js'

/** A person as one org knows them. */
export interface PersonRef {
  orgId: string
  userId: string
}

export type PersonProfile = Pick<PersonRow, 'org_id' | 'user_id' | 'display_name' | 'email'>

/**
 * The profiles each org keeps of the people named, in one query; a person an org has no profile of
 * is left out. Each org's answer comes from its own row only.
 * @example const [bo] = await findPeople(db, [{ orgId: 'acme', userId: 'bo' }])
 */
export async function findPeople(trx: Kysely<Database>, refs: readonly PersonRef[]): Promise<PersonProfile[]> {
  if (refs.length === 0) return []
  return trx
    .selectFrom('people')
    .select(['org_id', 'user_id', 'display_name', 'email'])
    .where((eb) =>
      eb(
        eb.refTuple('org_id', 'user_id'),
        'in',
        refs.map((ref) => eb.tuple(ref.orgId, ref.userId)),
      ),
    )
    .execute()
}
