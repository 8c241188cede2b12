import { ANONYMIZE_USAGE } from '../parse/parse-anonymize-command.js'
import { ROLES_USAGE } from '../parse/parse-roles-command.js'
import { type Reply, section } from './reply.js'

/** Help for `/roles`, with the roles of the org's model when they could be read. */
export function rolesUsage(problem: string | null, roles: { role: string; label: string }[] = []): Reply {
  const lines = [problem, '*Rolecall in Slack*', ...ROLES_USAGE.map((line) => `• ${line}`)].filter(Boolean)
  const known = roles.length > 0 ? `Roles here: ${roles.map((r) => `\`${r.role}\` (${r.label})`).join(', ')}` : null
  const blocks = [section(lines.join('\n'))]
  if (known) blocks.push(section(known))
  return { text: [...lines, known].filter(Boolean).join('\n'), blocks }
}

/** Help for `/anonymize`. */
export function anonymizeUsage(problem: string | null): Reply {
  const text = [problem, '*Anonymization in Slack*', ...ANONYMIZE_USAGE.map((line) => `• ${line}`)]
    .filter(Boolean)
    .join('\n')
  return { text, blocks: [section(text)] }
}
