import { canOperate } from '../check/can.js'
import type { ApproveCaseCommand, OpenCaseCommand, RemindCaseCommand } from '../commands.js'
import { allow, type Decision, type Denied, deny, unchanged } from '../decision.js'
import type { RoleModel } from '../model/schema.js'
import type { OrgState } from '../state/org-state.js'
import type { CaseSnapshot } from '../state/snapshot.js'

/**
 * Decides opening an anonymization case by hand (removal opens one by itself). The subject must have
 * been a member and be one no longer; an open case for them already is kept.
 */
export function decideOpenCase(model: RoleModel, org: OrgState, cmd: Omit<OpenCaseCommand, 'kind'>): Decision {
  const permitted = canOperate(model, org, cmd.actor, model.operations.anonymize)
  if (!permitted.ok) return permitted
  const status = org.status(cmd.subject)
  if (status === undefined) return deny('NOT_A_MEMBER', { target: cmd.subject })
  if (status !== 'terminated') return deny('TARGET_OUT_OF_REACH', { target: cmd.subject })
  for (const c of org.cases.values()) if (c.subject === cmd.subject && c.status === 'open') return unchanged()
  return allow([{ kind: 'case.opened', subject: cmd.subject }])
}

/**
 * Decides an approval. The approval that reaches the model's requirement (one, or two for four-eyes)
 * anonymizes the subject in the same decision; a second approval by the same approver counts once.
 * @example decideApproveCase(teamroom, state, { kind: 'case.approve', actor: 'cora', caseId: 'c1' })
 */
export function decideApproveCase(model: RoleModel, org: OrgState, cmd: Omit<ApproveCaseCommand, 'kind'>): Decision {
  const found = openCase(model, org, cmd.actor, cmd.caseId)
  if ('ok' in found) return found
  if (found.subject === cmd.actor) return deny('SELF_APPROVAL_FORBIDDEN', { caseId: found.id, target: found.subject })
  if (found.approvals.includes(cmd.actor)) return unchanged()
  const approvals = found.approvals.length + 1
  const required = model.anonymization.approvalsRequired
  return allow([
    { kind: 'case.approved', caseId: found.id, approver: cmd.actor, approvals, required },
    ...(approvals >= required
      ? [{ kind: 'user.anonymized' as const, principal: found.subject, caseId: found.id }]
      : []),
  ])
}

/**
 * Decides setting a reminder on a case, or clearing it (`at: null`); whether the time lies in the
 * future is checked where the clock is.
 * @example decideRemindCase(teamroom, state, { actor: 'cora', caseId: 'c1', at: null })
 */
export function decideRemindCase(model: RoleModel, org: OrgState, cmd: Omit<RemindCaseCommand, 'kind'>): Decision {
  const found = openCase(model, org, cmd.actor, cmd.caseId)
  if ('ok' in found) return found
  if (cmd.at === null) return allow([{ kind: 'case.reminder_cleared', caseId: found.id }])
  return allow([{ kind: 'case.reminder_set', caseId: found.id, at: cmd.at }])
}

function openCase(model: RoleModel, org: OrgState, actor: string, caseId: string): CaseSnapshot | Denied {
  const permitted = canOperate(model, org, actor, model.operations.anonymize)
  if (!permitted.ok) return permitted
  const found = org.cases.get(caseId)
  if (found?.status !== 'open') return deny('CASE_CLOSED', { caseId })
  // Someone invited back is no longer a former member; their case waits until they leave again.
  if (org.status(found.subject) !== 'terminated') return deny('TARGET_OUT_OF_REACH', { caseId, target: found.subject })
  return found
}
