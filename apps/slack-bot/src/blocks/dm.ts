import type { webApi } from '@slack/bolt'
import type { Reply } from './reply.js'

/**
 * Sends a direct message from the bot; answers where it went, so it can be updated later.
 * The WebClient paces these: it waits out a 429's Retry-After and retries (see createBot).
 */
export async function dm(client: webApi.WebClient, slackUserId: string, reply: Reply) {
  const opened = await client.conversations.open({ users: slackUserId })
  const channel = opened.channel?.id ?? slackUserId
  const posted = await client.chat.postMessage({ channel, ...reply })
  return { channel, ts: posted.ts ?? '' }
}
