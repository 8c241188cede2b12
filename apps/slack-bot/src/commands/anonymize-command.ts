import type { App, webApi } from '@slack/bolt'
import { anonymizeUsage } from '../blocks/usage.js'
import { parseAnonymizeCommand } from '../parse/parse-anonymize-command.js'
import { approveConfirmation, casesReply, linksReply, remindReply } from './anonymize-replies.js'
import { answer } from './answer.js'
import type { BotDeps } from './bot-deps.js'
import { openSession } from './session.js'

/** The user's offset from UTC in minutes, from their Slack profile, so "9:00" means their morning. */
export async function offsetOf(client: webApi.WebClient, slackUserId: string): Promise<number> {
  const info = await client.users.info({ user: slackUserId }).catch(() => undefined)
  return Math.round((info?.user?.tz_offset ?? 0) / 60)
}

/** `/anonymize …`: acks at once, then parses, calls the API as the typing user, and answers. */
export function registerAnonymizeCommand(app: App, deps: BotDeps) {
  app.command('/anonymize', async ({ ack, command, respond, client }) => {
    await ack()
    const parsed = parseAnonymizeCommand(command.text)
    await answer(deps, respond, async (scope) => {
      if (parsed.kind === 'usage') return anonymizeUsage(parsed.problem)
      const session = await openSession(deps, client, scope, command.team_id, command.user_id)
      switch (parsed.kind) {
        case 'list':
          return casesReply(session)
        case 'links':
          return linksReply(session, parsed.caseId)
        case 'approve':
          return approveConfirmation(session, parsed.caseId)
        case 'remind':
          return remindReply(session, parsed.caseId, parsed.when, deps.now(), await offsetOf(client, command.user_id))
      }
    })
  })
}
