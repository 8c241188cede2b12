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
 * write, so any consistency token a client holds is already satisfied.
 */
export async function readOrg(db: Kysely<Database>, orgId: string): Promise<OrgView> {
  return db.transaction().execute(async (trx) => {
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
