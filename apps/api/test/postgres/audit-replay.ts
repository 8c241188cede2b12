import { expect } from 'vitest'
import type { Call } from '../http/harness.js'

export interface AuditEvent {
  id: number
  type: string
  subject: string | null
  data: { role?: string; principal?: string; context?: string | null }
  requestId: string | null
}

interface RoleBody {
  role: string
  holders: { principal: string; context: string | null }[]
}

/** One assignment as a comparable string: `role principal`, with ` @context` for a scoped one. */
const assignment = (role: string, principal: string, context: string | null | undefined) =>
  context ? `${role} ${principal} @${context}` : `${role} ${principal}`

async function read(call: Call, path: string, actor: string) {
  const res = await call('GET', path, { actor })
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export interface ReportedRoles {
  /** Every assignment, sorted. */
  assignments: string[]
  /** Who holds one role org-wide, sorted. */
  holders(role: string): string[]
}

/**
 * The org's assignments as GET /v1/orgs/{id}/roles reports them; with a consistency token, at least as
 * new as that write (needed when the write went through another process).
 */
export async function reportedRoles(
  call: Call,
  orgId: string,
  actor: string,
  consistency?: number,
): Promise<ReportedRoles> {
  const query = consistency === undefined ? '' : `?consistency=${consistency}`
  const { roles } = (await read(call, `/v1/orgs/${orgId}/roles${query}`, actor)) as { roles: RoleBody[] }
  return {
    assignments: roles.flatMap((r) => r.holders.map((h) => assignment(r.role, h.principal, h.context))).sort(),
    holders: (role) => {
      const found = roles.find((r) => r.role === role)
      if (!found) throw new Error(`The org's model has no role ${role}`)
      return found.holders
        .filter((h) => h.context === null)
        .map((h) => h.principal)
        .sort()
    },
  }
}

/** Every audit event of the org, oldest first (the API pages them newest first). */
export async function auditEvents(call: Call, orgId: string, actor: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = []
  let cursor: string | null = null
  do {
    const page = (await read(
      call,
      `/v1/orgs/${orgId}/audit-events?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      actor,
    )) as { events: AuditEvent[]; next: string | null }
    events.push(...page.events)
    cursor = page.next
  } while (cursor)
  return events.sort((a, b) => a.id - b.id)
}

/** The assignments that `role.granted` and `role.revoked` events add up to, applied oldest first; sorted. */
export function replay(events: readonly AuditEvent[]): string[] {
  const held = new Set<string>()
  for (const { type, data } of events) {
    if (type !== 'role.granted' && type !== 'role.revoked') continue
    const key = assignment(String(data.role), String(data.principal), data.context)
    if (type === 'role.granted') held.add(key)
    else held.delete(key)
  }
  return [...held].sort()
}

/**
 * Two sorted assignment lists are equal; a failure names only the assignments on one side, not both lists.
 * @example expectSameAssignments(replay(events), roles.assignments, 'trial 3: audit replay vs GET /roles')
 */
export function expectSameAssignments(replayed: readonly string[], reported: readonly string[], label: string) {
  const onlyReplayed = replayed.filter((a) => !reported.includes(a))
  const onlyReported = reported.filter((a) => !replayed.includes(a))
  expect({ onlyReplayed, onlyReported }, label).toEqual({ onlyReplayed: [], onlyReported: [] })
  expect(replayed, label).toEqual(reported)
}

/** Replaying the org's audit trail reproduces exactly the assignments the API reports. */
export async function expectAuditMatchesRoles(
  call: Call,
  orgId: string,
  actor: string,
  reported: ReportedRoles,
  label: string,
) {
  expectSameAssignments(
    replay(await auditEvents(call, orgId, actor)),
    reported.assignments,
    `${label}: audit replay vs GET /roles`,
  )
}
