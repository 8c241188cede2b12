import type { DenialCode, GrantCommand, OrgState, RevokeCommand, RoleModel } from '../../src/index.js'
import { authorityFailure, holdersOf, holdsRole, roleDef } from './model-facts.js'

export interface Expectation {
  /** Rules seen failing, in the order found; the engine must report one ranked no later than any of them. */
  failing: DenialCode[]
  /** Steps 1–3 pass and the change is already made (granting what is held, revoking what is not): `unchanged`. */
  noOp: boolean
}

/**
 * The rules a grant or revoke breaks, judged from the model's data alone, for the simple cases: the role is
 * unknown, the actor lacks authority, and for an org-wide grant the target checks and the confirm step.
 * Rules that depend on the state after the change (minimums, cascades) are left to the engine.
 */
export function expectedFailures(model: RoleModel, state: OrgState, cmd: GrantCommand | RevokeCommand): Expectation {
  const role = roleDef(model, cmd.role)
  const context = cmd.context ?? null
  if (!role || (context !== null && !role.scoped)) return { failing: ['UNKNOWN_ROLE'], noOp: false }
  const failing: DenialCode[] = []
  const authority = authorityFailure(model, state, cmd.actor, role, cmd.kind)
  if (authority) failing.push(authority)
  const held =
    context === null ? holdsRole(model, state, cmd.target, role.name) : state.has(cmd.target, role.name, context)
  const noOp = !authority && (cmd.kind === 'grant' ? held : !held)
  if (noOp || context !== null) return { failing, noOp }

  if (cmd.kind === 'grant') {
    const holdsAny = (roles: readonly string[]) => roles.some((r) => holdsRole(model, state, cmd.target, r))
    if (role.reservedFor === 'support' && !cmd.target.startsWith('support:')) failing.push('RESERVED_ROLE')
    if (role.membersOnly && state.status(cmd.target) !== 'active') failing.push('NOT_A_MEMBER')
    if (role.chosenFrom && !holdsAny(role.chosenFrom)) failing.push('NOT_ELIGIBLE')
    const when = role.enabledWhen
    if (when && holdersOf(model, state, when.role).size < when.atLeast) failing.push('NOT_ENABLED')
    if (role.requiresOneOf && !holdsAny(role.requiresOneOf)) failing.push('PAIRING_REQUIRED')
  }
  if (role.confirm?.[cmd.kind] && !cmd.confirmed) failing.push('CONFIRMATION_REQUIRED')
  return { failing, noOp }
}
