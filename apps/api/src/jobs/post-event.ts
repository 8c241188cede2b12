import { Webhook } from 'standardwebhooks'
import { retryAfterMs } from './retry-schedule.js'

export interface PostOutcome {
  status: number | null
  error: string | null
  /** The receiver's `Retry-After`, when it sent one. */
  retryAfterMs: number | undefined
}

/**
 * POSTs one event, signed per Standard Webhooks: the event id is the message id, so a receiver
 * can drop a retry it already processed. Never throws: a failure is an outcome to record.
 * @example await postEvent({ url, secret, eventId, body, timeoutMs: 15_000 })
 */
export async function postEvent(request: {
  url: string
  secret: string
  eventId: string
  body: string
  timeoutMs: number
  /** Ends the request early: a deadline shared with the work before it. */
  signal?: AbortSignal
}): Promise<PostOutcome> {
  const sentAt = new Date()
  try {
    const signature = new Webhook(request.secret).sign(request.eventId, sentAt, request.body)
    const res = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rolecall-Webhooks',
        'webhook-id': request.eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: request.body,
      // A redirect could lead anywhere, internal addresses included: a 3xx counts as a failure.
      redirect: 'manual',
      signal: request.signal
        ? AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)])
        : AbortSignal.timeout(request.timeoutMs),
    })
    await res.body?.cancel()
    const ok = res.status >= 200 && res.status < 300
    return {
      status: res.status,
      error: ok ? null : `HTTP ${res.status}`,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
    const code = cause && 'code' in cause ? String(cause.code) : undefined
    return {
      status: null,
      error: timedOut ? `timed out after ${request.timeoutMs} ms` : `request failed${code ? `: ${code}` : ''}`,
      retryAfterMs: undefined,
    }
  }
}
