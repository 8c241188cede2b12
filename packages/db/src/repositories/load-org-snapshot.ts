import type { OrgSnapshot, RoleAssignment } from '@rolecall/core'
import type { Kysely } from 'kysely'
import type { Database, OrgRow } from '../schema.js'

/**
 * Loads what the engine decides on: members, role and context assignments, and the OPEN
 * transfers and anonymization cases (closed ones never affect a decision). Rows come in a fixed
 * order, so equal states give equal snapshots. Call it after `lockOrg` in the same transaction,
 * handing in the row it returned to save reading it again.
 * @example const snapshot = await loadOrgSnapshot(trx, orgId)
 */
export async function loadOrgSnapshot(
  trx: Kysely<Database>,
  orgId: string,
  orgRow?: Pick<OrgRow, 'id' | 'name' | 'features' | 'quotas' | 'usage'>,
): Promise<OrgSnapshot | undefined> {
  const org =
    orgRow ??
    (await trx
      .selectFrom('orgs')
      .select(['id', 'name', 'features', 'quotas', 'usage'])
      .where('id', '=', orgId)
      .executeTakeFirst())
  if (!org) return undefined

  // One after another: a transaction is one connection, and `pg` warns about overlapping queries on it.
  const members = await trx
    .selectFrom('memberships')
    .select(['user_id', 'status'])
    .where('org_id', '=', orgId)
    .orderBy('user_id')
    .execute()
  const assignments = await trx
    .selectFrom('role_assignments')
    .select(['role', 'principal_id', 'context'])
    .where('org_id', '=', orgId)
    .execute()
  const contextAssignments = await trx
    .selectFrom('context_assignments')
    .select(['principal_id', 'context'])
    .where('org_id', '=', orgId)
    .orderBy('principal_id')
    .orderBy('context')
    .execute()
  const transfers = await trx
    .selectFrom('ownership_transfers')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const cases = await trx
    .selectFrom('anonymization_cases')
    .select(['id', 'subject', 'status', 'approvals'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute()

  return {
    id: org.id,
    name: org.name,
    features: org.features,
    quotas: org.quotas,
    usage: org.usage,
    members: members.map((m) => ({ principal: m.user_id, status: m.status })),
    assignments: assignments
      .map((a) => ({ role: a.role, principal: a.principal_id, context: a.context || null }))
      .sort(compareAssignments),
    contextAssignments: contextAssignments.map((c) => ({ principal: c.principal_id, context: c.context })),
    transfers: transfers.map((t) => ({
      id: t.id,
      role: t.role,
      from: t.from_principal,
      to: t.to_principal,
      status: t.status,
      expiresAt: t.expires_at.toISOString(),
      formerHolder: t.former_holder,
    })),
    cases: cases.map((c) => ({ id: c.id, subject: c.subject, status: c.status, approvals: c.approvals })),
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The order of a snapshot's assignments (and so of a role's holders): by role, principal and
 * context, in code-unit order whatever the database's collation, so a state changed in memory
 * after a write lists holders exactly as a fresh load would.
 * @example assignments.sort(compareAssignments)
 */
export const compareAssignments = (a: RoleAssignment, b: RoleAssignment): number =>
  compareText(a.role, b.role) || compareText(a.principal, b.principal) || compareText(a.context ?? '', b.context ?? '')
