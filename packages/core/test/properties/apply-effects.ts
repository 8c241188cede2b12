import type { Effect, OrgSnapshot, RoleAssignment, RoleModel, TransferSnapshot } from '../../src/index.js'

/** Mints the ids only storage can assign (transfers, cases), in order: `t1`, `c2`, … */
export class Ids {
  private n = 0
  mint(prefix: string): string {
    this.n++
    return `${prefix}${this.n}`
  }
}

/** An effect that does not fit the state it was decided on: the engine asked for a change that makes no sense. */
export class EffectMismatch extends Error {
  readonly code = 'EFFECT_MISMATCH'
}

const sameAssignment = (a: RoleAssignment, role: string, principal: string, context: string | null) =>
  a.role === role && a.principal === principal && (a.context ?? null) === context

/**
 * A reference storage: the snapshot after an allowed decision's effects, as plain data, without mutating
 * the input. Strict on purpose: granting what is held, revoking what is not, or closing a transfer or case
 * that is not open throws `EffectMismatch`, since storage would write a meaningless audit event.
 * `model` names the usage counter a created team or folder counts against (its quota), else `teams`/`folders`.
 */
export function applyEffects(
  snapshot: OrgSnapshot,
  effects: readonly Effect[],
  ids: Ids,
  model?: RoleModel,
): OrgSnapshot {
  let assignments = [...(snapshot.assignments ?? [])]
  const members = new Map((snapshot.members ?? []).map((m) => [m.principal, m.status]))
  let contextAssignments = [...(snapshot.contextAssignments ?? [])]
  let transfers = [...(snapshot.transfers ?? [])]
  let cases = [...(snapshot.cases ?? [])]
  const usage = { ...(snapshot.usage ?? {}) }
  const mismatch = (e: Effect, why: string) => new EffectMismatch(`${JSON.stringify(e)}: ${why}`)

  const closeTransfer = (e: Effect, id: string, status: TransferSnapshot['status']) => {
    const t = transfers.find((x) => x.id === id)
    if (t?.status !== 'open') throw mismatch(e, 'transfer is not open')
    transfers = transfers.map((x) => (x.id === id ? { ...x, status } : x))
  }
  const openCase = (e: Effect, id: string) => {
    const c = cases.find((x) => x.id === id)
    if (c?.status !== 'open') throw mismatch(e, 'case is not open')
    return c
  }

  for (const e of effects) {
    switch (e.kind) {
      case 'role.granted':
        if (assignments.some((a) => sameAssignment(a, e.role, e.principal, e.context)))
          throw mismatch(e, 'already held')
        assignments.push({ role: e.role, principal: e.principal, context: e.context })
        break
      case 'role.revoked':
        if (!assignments.some((a) => sameAssignment(a, e.role, e.principal, e.context))) throw mismatch(e, 'not held')
        assignments = assignments.filter((a) => !sameAssignment(a, e.role, e.principal, e.context))
        break
      case 'transfer.requested': {
        const { kind: _, ...rest } = e
        transfers.push({ id: ids.mint('t'), status: 'open', ...rest })
        break
      }
      case 'transfer.accepted':
        closeTransfer(e, e.transferId, 'accepted')
        break
      case 'transfer.declined':
        closeTransfer(e, e.transferId, 'declined')
        break
      case 'transfer.cancelled':
        closeTransfer(e, e.transferId, 'cancelled')
        break
      case 'transfer.voided':
        closeTransfer(e, e.transferId, e.reason === 'expired' ? 'expired' : 'voided')
        break
      case 'member.invited':
        if (members.get(e.principal) === 'active' || members.get(e.principal) === 'invited')
          throw mismatch(e, 'already a member or invited')
        members.set(e.principal, 'invited')
        break
      case 'member.activated':
        if (members.get(e.principal) !== 'invited') throw mismatch(e, 'not invited')
        members.set(e.principal, 'active')
        break
      case 'member.terminated':
        if (members.get(e.principal) === 'terminated' || !members.has(e.principal)) throw mismatch(e, 'not a member')
        members.set(e.principal, 'terminated')
        break
      case 'context.assigned':
        if (contextAssignments.some((c) => c.principal === e.principal && c.context === e.context))
          throw mismatch(e, 'already assigned')
        contextAssignments.push({ principal: e.principal, context: e.context })
        break
      case 'context.unassigned':
        if (!contextAssignments.some((c) => c.principal === e.principal && c.context === e.context))
          throw mismatch(e, 'not assigned')
        contextAssignments = contextAssignments.filter((c) => !(c.principal === e.principal && c.context === e.context))
        break
      case 'context.created': {
        const key = usageKey(model, e.contextKind)
        usage[key] = (usage[key] ?? 0) + 1
        break
      }
      case 'case.opened':
        cases.push({ id: ids.mint('c'), subject: e.subject, status: 'open', approvals: [] })
        break
      case 'case.approved': {
        const c = openCase(e, e.caseId)
        if (c.approvals.includes(e.approver)) throw mismatch(e, 'approver counted twice')
        cases = cases.map((x) => (x.id === e.caseId ? { ...x, approvals: [...x.approvals, e.approver] } : x))
        break
      }
      case 'case.reminder_set':
      case 'case.reminder_cleared':
        openCase(e, e.caseId) // reminders live in the scheduler, not in the org's snapshot
        break
      case 'user.anonymized':
        openCase(e, e.caseId)
        cases = cases.map((x) => (x.id === e.caseId ? { ...x, status: 'anonymized' } : x))
        break
    }
  }
  return {
    ...snapshot,
    members: [...members].map(([principal, status]) => ({ principal, status })),
    assignments,
    contextAssignments,
    transfers,
    cases,
    usage,
  }
}

function usageKey(model: RoleModel | undefined, kind: 'team' | 'folder'): string {
  const operation = kind === 'team' ? model?.operations.createTeam : model?.operations.createFolder
  return model?.actions.find((a) => a.id === operation)?.quota?.usage ?? `${kind}s`
}
