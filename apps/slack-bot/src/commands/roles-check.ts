import type { webApi } from '@slack/bolt'
import { type Reply, say } from '../blocks/reply.js'
import type { Person } from '../parse/tokenize.js'
import { resolvePerson } from '../people/resolve-person.js'
import type { Session } from './session.js'

/** `/roles check @user action [in <context>]`: the answer and the reason. */
export async function checkReply(
  client: webApi.WebClient,
  { org, rolecall }: Session,
  cmd: { target: Person; action: string; context?: string },
): Promise<Reply> {
  const target = await resolvePerson(rolecall, client, org, cmd.target, 'target')
  const answer = await rolecall.check(org.orgId, {
    principal: target.userId,
    action: cmd.action,
    ...(cmd.context ? { context: cmd.context } : {}),
  })
  const who = target.slackUserId ? `<@${target.slackUserId}>` : target.displayName
  const where = cmd.context ? ` in \`${cmd.context}\`` : ''
  if (answer.allowed) return say(`:white_check_mark: Yes: ${who} may \`${cmd.action}\`${where}.`)
  const roles = answer.allowedRoles?.length
    ? `\nWho could: holders of ${answer.allowedRoles.map((r) => `\`${r}\``).join(', ')}`
    : ''
  return say(`:no_entry: No: ${who} may not \`${cmd.action}\`${where}. ${answer.detail ?? answer.code ?? ''}${roles}`)
}
