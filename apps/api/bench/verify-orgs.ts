import { type Database, getOrg, loadOrgSnapshot } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { modelOf } from '../src/org-model.js'
import { auditMismatches } from './audit-mismatches.js'
import { modelViolations } from './model-violations.js'

export interface Verification {
  orgs: number
  assignments: number
  /** One line per broken invariant or audit mismatch. */
  problems: string[]
}

/**
 * Loads each org as the engine sees it and checks it against its model and its audit log.
 * @example const { problems } = await verifyOrgs(db, ['big', 'o0'])
 */
export async function verifyOrgs(db: Kysely<Database>, orgIds: string[]): Promise<Verification> {
  const result: Verification = { orgs: 0, assignments: 0, problems: [] }
  for (const orgId of orgIds) {
    const org = await getOrg(db, orgId)
    const snapshot = await loadOrgSnapshot(db, orgId)
    if (!org || !snapshot) {
      result.problems.push(`${orgId}: not found`)
      continue
    }
    result.orgs++
    result.assignments += snapshot.assignments?.length ?? 0
    result.problems.push(...modelViolations(modelOf(org), snapshot).map((line) => `${orgId}: ${line}`))
    result.problems.push(...(await auditMismatches(db, orgId, snapshot.assignments ?? [])))
  }
  return result
}
