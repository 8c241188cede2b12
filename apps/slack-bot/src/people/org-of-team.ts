import { isRolecallError, type Rolecall, type SlackOrg } from '@rolecall/sdk'
import { NotLinkedError } from './not-linked-error.js'

/** The org linked to the Slack workspace a request came from. */
export async function orgOfTeam(rolecall: Rolecall, teamId: string | undefined): Promise<SlackOrg> {
  try {
    if (!teamId) throw new NotLinkedError('Slack did not say which workspace this came from.')
    return await rolecall.slack.team(teamId)
  } catch (error) {
    if (!isRolecallError(error, 'NOT_FOUND')) throw error
    throw new NotLinkedError(
      `This Slack workspace (${teamId}) is not linked to a Rolecall organization yet. ` +
        `An operator links it with \`PATCH /v1/orgs/{orgId}\` and \`{ "slackTeamId": "${teamId}" }\`.`,
    )
  }
}
