import { isSupportPrincipal, type OrgState } from '@rolecall/core'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { requireActor } from '../auth.js'
import { ProblemError } from '../problem.js'

/**
 * Member data is for the org's own people: the actor must be a member or invitee, hold a role in the
 * org, or be a support principal (who can only act through a support key).
 */
export function requireMemberReader(c: Context<AppEnv>, state: OrgState): string {
  const actor = requireActor(c)
  const known =
    state.status(actor) === 'active' || state.status(actor) === 'invited' || state.assignmentsOf(actor).length > 0
  if (!known && !isSupportPrincipal(actor)) {
    throw new ProblemError('NOT_AUTHORIZED', 'Only people of this organization may read its member data.')
  }
  return actor
}
