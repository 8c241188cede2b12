import type { RolecallError } from '@rolecall/sdk'
import type { types } from '@slack/bolt'
import { type Reply, section } from './reply.js'

/**
 * Why the API said no and who could do it: `detail`, then the roles and the contact it named.
 * `contact` is already a mention or a name when the caller could map it.
 */
export function denial(error: RolecallError, contact?: string): Reply {
  const why = `:no_entry: ${error.detail}`
  const who = [
    error.allowedRoles && error.allowedRoles.length > 0
      ? `Who could: ${error.allowedRoles.map((r) => `\`${r}\``).join(', ')}`
      : null,
    contact ? `Contact: ${contact}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  const blocks: types.KnownBlock[] = [section(why)]
  if (who) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: who }] })
  return { text: [why, who].filter(Boolean).join('\n'), blocks }
}
