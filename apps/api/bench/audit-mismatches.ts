import type { RoleAssignment } from '@rolecall/core'
import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'

const key = (role: string, principal: string, context: string | null | undefined) =>
  `${role} ${principal}${context ? ` in ${context}` : ''}`

/**
 * Where replaying the org's `role.granted` and `role.revoked` audit events, in the order they were
 * written, does not arrive at the assignments stored. An empty list means the log explains the state.
 * @example await auditMismatches(db, 'acme', snapshot.assignments ?? []) // []
 */
export async function auditMismatches(
  db: Kysely<Database>,
  orgId: string,
  assignments: RoleAssignment[],
): Promise<string[]> {
  const events = await db
    .selectFrom('audit_events')
    .select(['id', 'type', 'data'])
    .where('org_id', '=', orgId)
    .where('type', 'in', ['role.granted', 'role.revoked'])
    .orderBy('id')
    .execute()
  const replayed = new Set<string>()
  for (const { type, data } of events) {
    const k = key(String(data.role), String(data.principal), data.context as string | null)
    if (type === 'role.granted') replayed.add(k)
    else replayed.delete(k)
  }
  const stored = new Set(assignments.map((a) => key(a.role, a.principal, a.context)))
  const out: string[] = []
  for (const k of stored) if (!replayed.has(k)) out.push(`${orgId}: ${k} is stored but the audit log does not grant it`)
  for (const k of replayed) if (!stored.has(k)) out.push(`${orgId}: the audit log grants ${k}, which is not stored`)
  return out
}
