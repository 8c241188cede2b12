import type { Rolecall } from '@rolecall/sdk'

/**
 * How to name Rolecall users in a message: a Slack mention when their Slack id is known, else their
 * display name, else the id itself (e.g. for a former member).
 */
export async function mentions(rolecall: Rolecall, orgId: string, userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)]
  const named = new Map(ids.map((id) => [id, `\`${id}\``]))
  for (let i = 0; i < ids.length; i += 200) {
    for (const user of await rolecall.slack.lookupUsers(orgId, ids.slice(i, i + 200))) {
      named.set(user.userId, user.slackUserId ? `<@${user.slackUserId}>` : user.displayName)
    }
  }
  return named
}

/** Slack user ids of Rolecall users, for DMs; users without one are left out. */
export async function slackIds(rolecall: Rolecall, orgId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map()
  const users = await rolecall.slack.lookupUsers(orgId, [...new Set(userIds)].slice(0, 200))
  return new Map(users.flatMap((u) => (u.slackUserId ? [[u.userId, u.slackUserId] as const] : [])))
}
