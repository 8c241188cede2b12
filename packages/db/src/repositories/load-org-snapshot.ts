import type { OrgSnapshot } from '@rolecall/core'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/**
 * Loads what the engine decides on: members, role and context assignments, and the OPEN
 * transfers and anonymization cases (closed ones never affect a decision). Rows come in a fixed
 * order, so equal states give equal snapshots. Call it after `lockOrg` in the same transaction.
 * @example const snapshot = await loadOrgSnapshot(trx, orgId)
 */
export async function loadOrgSnapshot(trx: Kysely<Database>, orgId: string): Promise<OrgSnapshot | undefined> {
  const org = await trx
    .selectFrom('orgs')
    .select(['id', 'name', 'features', 'quotas', 'usage'])
    .where('id', '=', orgId)
    .executeTakeFirst()
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
    .orderBy('role')
    .orderBy('principal_id')
    .orderBy('context')
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
    assignments: assignments.map((a) => ({ role: a.role, principal: a.principal_id, context: a.context || null })),
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
