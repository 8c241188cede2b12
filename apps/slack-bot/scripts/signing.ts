import { createHmac } from 'node:crypto'

/** Slack's v0 signature of a request body: HMAC-SHA256 over `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

export interface SignedPost {
  /** Seconds since the epoch; now when absent. */
  timestamp?: number
  /** Signs with this secret instead of the bot's. */
  secret?: string
  headers?: Record<string, string>
}

/** Posts a form body to the bot as Slack would, signed. */
export async function postSigned(url: string, secret: string, body: string, options: SignedPost = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': slackSignature(options.secret ?? secret, timestamp, body),
      ...options.headers,
    },
    body,
  })
}
