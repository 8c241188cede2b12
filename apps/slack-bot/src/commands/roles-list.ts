import { type Reply, section } from '../blocks/reply.js'
import { rolesUsage } from '../blocks/usage.js'
import { mentions } from '../people/mentions.js'
import type { BotDeps } from './bot-deps.js'
import type { Session } from './session.js'

/** Holders by role; roles the model hides right now (`visible: false`) are left out, as a UI would. */
export async function listReply(deps: BotDeps, { org, rolecall }: Session, only?: string): Promise<Reply> {
  const roles = (await rolecall.roles.list(org.orgId)).filter((r) => r.visible && r.enabled)
  const shown = only === undefined ? roles : roles.filter((r) => r.role === only)
  if (shown.length === 0) {
    return rolesUsage(
      `There is no role \`${only}\` in *${org.name}*.`,
      roles.map((r) => ({ role: r.role, label: r.label.en })),
    )
  }
  const names = await mentions(
    deps.rolecall,
    org.orgId,
    shown.flatMap((r) => r.holders.map((h) => h.principal)),
  )
  const lines = shown.map((r) => {
    const holders = r.holders.map((h) => `${names.get(h.principal)}${h.context ? ` in \`${h.context}\`` : ''}`)
    return `*${r.label.en}* (\`${r.role}\`): ${holders.length > 0 ? holders.join(', ') : '_nobody_'}`
  })
  const text = [`Roles in *${org.name}*`, ...lines].join('\n')
  return { text, blocks: [section(text)] }
}
