import type { Decision } from '../decision.js'
import type { RoleModel } from '../model/schema.js'
import type { OrgState } from '../state/org-state.js'
import type { PrincipalId } from '../state/snapshot.js'
import { can } from './can.js'

export interface CheckQuery {
  actor: PrincipalId
  action: string
  context?: string
}

/**
 * Answers many checks against one state, in order: what a page of UI buttons needs in one call.
 * @example canAll(teamroom, state, [{ actor: 'ana', action: 'org.manage' }, { actor: 'bo', action: 'org.manage' }])
 */
export const canAll = (model: RoleModel, org: OrgState, queries: readonly CheckQuery[]): Decision[] =>
  queries.map((q) => can(model, org, q.actor, q.action, q.context))
