import { canOperate } from '../check/can.js'
import type { AssignContextsCommand } from '../commands.js'
import { allow, type Decision, deny } from '../decision.js'
import type { Effect } from '../effects.js'
import type { RoleModel } from '../model/schema.js'
import type { OrgState } from '../state/org-state.js'

/**
 * Decides assigning a member to contexts (workspaces, teamrooms, …) and unassigning them, within the
 * model's per-request limit. Assigning what is already assigned changes nothing.
 * @example decideAssignContexts(orgAdmin, state, { kind: 'contexts.assign', actor: 'ada', target: 'ben', add: ['workspace:sales'] })
 */
export function decideAssignContexts(
  model: RoleModel,
  org: OrgState,
  cmd: Omit<AssignContextsCommand, 'kind'>,
): Decision {
  const permitted = canOperate(model, org, cmd.actor, model.operations.assignContexts)
  if (!permitted.ok) return permitted
  const add = [...new Set(cmd.add ?? [])]
  const remove = [...new Set(cmd.remove ?? [])]
  const limit = model.limits.contextAssignmentsPerRequest
  if (limit !== undefined && add.length + remove.length > limit) {
    return deny('BATCH_LIMIT', { limit, requested: add.length + remove.length })
  }
  if (org.status(cmd.target) !== 'active') return deny('NOT_A_MEMBER', { target: cmd.target })
  const current = org.contextAssignments.get(cmd.target) ?? new Set<string>()
  const effects: Effect[] = [
    ...add
      .filter((c) => !current.has(c))
      .map((context) => ({ kind: 'context.assigned' as const, principal: cmd.target, context })),
    ...remove
      .filter((c) => current.has(c))
      .map((context) => ({ kind: 'context.unassigned' as const, principal: cmd.target, context })),
  ]
  return allow(effects)
}
