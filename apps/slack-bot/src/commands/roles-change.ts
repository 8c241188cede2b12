import type { Decision } from '@rolecall/sdk'
import type { webApi } from '@slack/bolt'
import { type Reply, say } from '../blocks/reply.js'
import type { Person } from '../parse/tokenize.js'
import { resolvePerson } from '../people/resolve-person.js'
import type { Session } from './session.js'

/** What the warnings of a decision say, one line each. */
export const warningLines = (decision: Decision) => decision.warnings.map((w) => `:warning: ${w.message}`)

/** `/roles grant|revoke @user role [in <context>]`. */
export async function roleChangeReply(
  client: webApi.WebClient,
  { org, rolecall }: Session,
  cmd: { kind: 'grant' | 'revoke'; target: Person; role: string; context?: string },
): Promise<Reply> {
  const target = await resolvePerson(rolecall, client, org, cmd.target, 'target')
  const options = cmd.context ? { context: cmd.context } : {}
  const decision =
    cmd.kind === 'grant'
      ? await rolecall.roles.grant(org.orgId, cmd.role, target.userId, options)
      : await rolecall.roles.revoke(org.orgId, cmd.role, target.userId, options)
  const who = target.slackUserId ? `<@${target.slackUserId}>` : target.displayName
  const where = cmd.context ? ` in \`${cmd.context}\`` : ''
  const done = decision.changed
    ? cmd.kind === 'grant'
      ? `:white_check_mark: ${who} now holds \`${cmd.role}\`${where}.`
      : `:white_check_mark: ${who} no longer holds \`${cmd.role}\`${where}.`
    : cmd.kind === 'grant'
      ? `${who} already holds \`${cmd.role}\`${where}; nothing changed.`
      : `${who} does not hold \`${cmd.role}\`${where}; nothing changed.`
  const cascades =
    decision.effects.length > 1
      ? [
          `Also: ${decision.effects
            .slice(1)
            .map((e) => e.kind)
            .join(', ')}`,
        ]
      : []
  return say([done, ...cascades, ...warningLines(decision)].join('\n'))
}
