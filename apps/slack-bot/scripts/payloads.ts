let responses = 0

/** A response_url on the fake Slack, unique per request so a test can find its answer. */
export const responseUrl = (slackUrl: string) => {
  responses += 1
  return { id: `r${responses}`, url: `${slackUrl}/respond/r${responses}` }
}

/** The form body of a slash command, as Slack posts it. */
export function slashCommand(command: string, text: string, user: string, team: string, responseTo: string): string {
  return new URLSearchParams({
    token: 'legacy-unused',
    team_id: team,
    team_domain: 'acme',
    channel_id: 'C_GENERAL',
    channel_name: 'general',
    user_id: user,
    user_name: user.toLowerCase(),
    command,
    text,
    api_app_id: 'A_ROLECALL',
    response_url: responseTo,
    trigger_id: 'trigger-1',
  }).toString()
}

/** The form body of a button click, as Slack posts it. */
export function blockAction(actionId: string, value: string, user: string, team: string, responseTo: string): string {
  const payload = {
    type: 'block_actions',
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    api_app_id: 'A_ROLECALL',
    token: 'legacy-unused',
    trigger_id: `trigger-${actionId}`,
    container: { type: 'message', message_ts: '1.000100', channel_id: `D_${user}`, is_ephemeral: false },
    channel: { id: `D_${user}`, name: 'directmessage' },
    response_url: responseTo,
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b1',
        value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1.2',
      },
    ],
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}

/** The form body of a dialog submission, as Slack posts it. */
export function viewSubmission(
  callbackId: string,
  privateMetadata: string,
  values: Record<string, Record<string, { type: string; value: string }>>,
  user: string,
  team: string,
): string {
  const payload = {
    type: 'view_submission',
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    api_app_id: 'A_ROLECALL',
    token: 'legacy-unused',
    trigger_id: 'trigger-view',
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      state: { values },
      hash: 'h',
    },
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}
