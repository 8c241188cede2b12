import { randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/** Posts an event to the bot's webhook route, signed as the API's webhooks sign it. */
export async function postEvent(
  url: string,
  secret: string,
  event: { type: string; data: Record<string, unknown> },
  options: { id?: string; at?: Date; secret?: string } = {},
) {
  const id = options.id ?? `msg_${randomUUID()}`
  const at = options.at ?? new Date()
  const body = JSON.stringify({ ...event, timestamp: at.toISOString() })
  const signature = new Webhook(options.secret ?? secret).sign(id, at, body)
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  })
}
