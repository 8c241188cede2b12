import type { Rolecall, SlackOrg, SlackResolved } from '@rolecall/sdk'
import type { webApi } from '@slack/bolt'
import { orgOfTeam } from '../people/org-of-team.js'
import { resolvePerson } from '../people/resolve-person.js'
import type { BotDeps } from './bot-deps.js'

/** Who is typing, in which org, and a client acting as them. */
export interface Session {
  org: SlackOrg
  actor: SlackResolved
  rolecall: Rolecall
}

/** Where a request's org is remembered once known, for the error handler. */
export interface Scope {
  orgId?: string
}

/**
 * Maps the Slack workspace to its org and the Slack user to a Rolecall user, who then acts.
 * @example const { org, rolecall } = await openSession(deps, client, scope, body.team_id, body.user_id)
 */
export async function openSession(
  deps: BotDeps,
  client: webApi.WebClient,
  scope: Scope,
  teamId: string | undefined,
  slackUserId: string,
): Promise<Session> {
  const org = await orgOfTeam(deps.rolecall, teamId)
  scope.orgId = org.orgId
  const actor = await resolvePerson(deps.rolecall, client, org, { slackUserId }, 'actor')
  return { org, actor, rolecall: deps.rolecall.as(actor.userId) }
}
