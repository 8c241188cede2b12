import type { App } from '@slack/bolt'
import { rolesUsage } from '../blocks/usage.js'
import { parseRolesCommand } from '../parse/parse-roles-command.js'
import { NotLinkedError } from '../people/not-linked-error.js'
import { answer } from './answer.js'
import type { BotDeps } from './bot-deps.js'
import { roleChangeReply } from './roles-change.js'
import { checkReply } from './roles-check.js'
import { helpReply } from './roles-help.js'
import { listReply } from './roles-list.js'
import { openSession } from './session.js'
import { transferConfirmation } from './transfer.js'

/** `/roles …`: acks at once, then parses, calls the API as the typing user, and answers. */
export function registerRolesCommand(app: App, deps: BotDeps) {
  app.command('/roles', async ({ ack, command, respond, client }) => {
    await ack()
    const parsed = parseRolesCommand(command.text)
    await answer(deps, respond, async (scope) => {
      if (parsed.kind === 'usage') return rolesUsage(parsed.problem)
      const session = await openSession(deps, client, scope, command.team_id, command.user_id).catch((error) => {
        // Help stays useful to someone not linked yet: the usage, and how to get linked.
        if (parsed.kind === 'help' && error instanceof NotLinkedError) return rolesUsage(`:wave: ${error.message}`)
        throw error
      })
      if (!('org' in session)) return session
      switch (parsed.kind) {
        case 'help':
          return helpReply(session)
        case 'list':
          return listReply(deps, session, parsed.role)
        case 'grant':
        case 'revoke':
          return roleChangeReply(client, session, parsed)
        case 'check':
          return checkReply(client, session, parsed)
        case 'transfer':
          return transferConfirmation(client, session, parsed.target)
      }
    })
  })
}
