import { indexOrg, type OrgState, type RoleModel } from '@rolecall/core'
import { type Database, getOrg, loadOrgSnapshot, type OrgRow } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { orgNotFound } from '../auth.js'
import { modelOf } from '../org-model.js'

export interface OrgView {
  org: OrgRow
  model: RoleModel
  state: OrgState
}

/**
 * An org's current state for a read or a check, without locking: reads see the latest committed
 * write, so any consistency token a client holds is already satisfied. The state is read in several
 * statements, so they share one snapshot (REPEATABLE READ): under READ COMMITTED a write committing
 * between two of them would give a state that never existed, labelled with the older version.
 */
export async function readOrg(db: Kysely<Database>, orgId: string): Promise<OrgView> {
  const snapshot = db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only')
  return snapshot.execute(async (trx) => {
    const org = await getOrg(trx, orgId)
    if (!org) throw orgNotFound(orgId)
    return loadOrgView(trx, org)
  })
}

/**
 * The view of an org whose row was just read (or locked) in this transaction.
 * @example const view = await loadOrgView(trx, await lockOrg(trx, orgId))
 */
export async function loadOrgView(trx: Kysely<Database>, org: OrgRow): Promise<OrgView> {
  const snapshot = (await loadOrgSnapshot(trx, org.id, org)) ?? { id: org.id, name: org.name }
  return { org, model: modelOf(org), state: indexOrg(snapshot) }
}
