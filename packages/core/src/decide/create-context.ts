import { canOperate } from '../check/can.js'
import type { CreateContextCommand } from '../commands.js'
import { allow, type Decision } from '../decision.js'
import type { RoleModel } from '../model/schema.js'
import type { OrgState } from '../state/org-state.js'

/**
 * Decides creating a team or a folder: the actor's right, the feature, and the plan's quota.
 * @example decideCreateContext(workspace, state, { kind: 'context.create', actor: 'al', contextKind: 'team', context: 'team:ops' })
 */
export function decideCreateContext(
  model: RoleModel,
  org: OrgState,
  cmd: Omit<CreateContextCommand, 'kind'>,
): Decision {
  const action = cmd.contextKind === 'team' ? model.operations.createTeam : model.operations.createFolder
  const permitted = canOperate(model, org, cmd.actor, action)
  if (!permitted.ok) return permitted
  return allow([
    {
      kind: 'context.created',
      context: cmd.context,
      contextKind: cmd.contextKind,
      ...(cmd.name === undefined ? {} : { name: cmd.name }),
    },
  ])
}
