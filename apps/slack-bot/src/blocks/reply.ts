import type { types } from '@slack/bolt'

/** A message the bot sends: Slack wants plain `text` beside blocks, for notifications and screen readers. */
export interface Reply {
  text: string
  blocks?: types.KnownBlock[]
}

/** A section of mrkdwn text. */
export const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })

/** A button whose value carries what the click needs (Slack allows 2,000 characters). */
export const button = (
  text: string,
  actionId: string,
  value: Record<string, string>,
  style?: 'primary' | 'danger',
): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
  value: JSON.stringify(value),
  ...(style ? { style } : {}),
})

/** A row of buttons. */
export const actions = (...elements: types.Button[]): types.ActionsBlock => ({ type: 'actions', elements })

/** A time Slack shows in each reader's own zone, with the ISO time as the fallback. */
export const slackDate = (at: string | Date) => {
  const date = new Date(at)
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} at {time}|${date.toISOString()}>`
}

/** A plain message: one section holding the text. */
export const say = (text: string): Reply => ({ text, blocks: [section(text)] })

/** The lines of a reply as text, for logs and `slack:try`. */
export function replyText(message: { text?: string; blocks?: unknown[] }): string {
  const lines: string[] = []
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const text = (block.text as { text?: string } | undefined)?.text
    if (text) lines.push(text)
    for (const element of (block.elements ?? []) as Record<string, unknown>[]) {
      const label = (element.text as { text?: string } | string | undefined) ?? ''
      lines.push(typeof label === 'string' ? label : `[${label.text}]`)
    }
  }
  return lines.length > 0 ? lines.join('\n') : (message.text ?? '')
}
