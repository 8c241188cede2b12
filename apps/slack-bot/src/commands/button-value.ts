import type { BlockAction, BlockElementAction } from '@slack/bolt'

/** The value a button of ours carries (see `button`); an empty object for anything else. */
export function buttonValue(action: BlockElementAction): Record<string, string> {
  if (action.type !== 'button' || !action.value) return {}
  try {
    const value: unknown = JSON.parse(action.value)
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {}
  } catch {
    return {}
  }
}

/** The workspace of a click, wherever Slack put it. */
export const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id
