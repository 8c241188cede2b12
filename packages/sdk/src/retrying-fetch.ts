/** A `fetch` as openapi-fetch calls it: with one Request. */
export type Fetch = (request: Request) => Promise<Response>

/** A fetch that may answer at once, as an in-process app's `fetch` does. */
export type FetchLike = (request: Request) => Response | Promise<Response>

/**
 * How the client retries. It retries reads and mutations alike on network errors, 429 and 503 (a
 * mutation safely, under its Idempotency-Key), and on a 409 IDEMPOTENCY_IN_PROGRESS; never on any other status.
 */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retrying off. @default 3 */
  attempts?: number
  /** The longest first backoff; it doubles per attempt, and each wait is random below it (full jitter). @default 250 */
  baseDelayMs?: number
  /** No wait is longer; a `Retry-After` asking for more ends retrying and returns that response. @default 30000 */
  maxDelayMs?: number
}

const DEFAULTS: Required<RetryOptions> = { attempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 }

// 429 and 503 say "not now" without having done anything; every other status is an answer, but for one
// 409: an earlier attempt of this very request (same Idempotency-Key) is still running, and this one did nothing.
const RETRY_STATUSES = new Set([429, 503])
const IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS'

async function asksToRetry(response: Response): Promise<boolean> {
  if (RETRY_STATUSES.has(response.status)) return true
  if (response.status !== 409) return false
  const problem: unknown = await response
    .clone()
    .json()
    .catch(() => undefined)
  return typeof problem === 'object' && problem !== null && (problem as { code?: unknown }).code === IN_PROGRESS
}

/**
 * Wraps `fetch` so a request is sent again after a network error, 429, 503 or 409 IDEMPOTENCY_IN_PROGRESS
 * (a retry that overtook its own first attempt), with exponential backoff and full jitter, or after the
 * `Retry-After` the server asked for. Every attempt sends the same request, headers included, so a
 * mutation's Idempotency-Key is the same on each.
 * @example const fetch = retryingFetch(globalThis.fetch, { attempts: 5 })
 */
export function retryingFetch(fetch: FetchLike, options: RetryOptions = {}): Fetch {
  const { attempts, baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options }
  const backoff = (attempt: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts
      let response: Response
      try {
        // A body can be read once: every attempt but the last sends a copy.
        response = await fetch(last ? request : request.clone())
      } catch (error) {
        if (last || request.signal.aborted) throw error
        await sleep(backoff(attempt), request.signal)
        continue
      }
      if (last || !(await asksToRetry(response))) return response
      const wait = retryAfterMs(response.headers.get('Retry-After'), Date.now()) ?? backoff(attempt)
      if (wait > maxDelayMs) return response
      await response.body?.cancel().catch(() => {})
      await sleep(wait, request.signal)
    }
  }
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds or an HTTP date
 * (RFC 9110, section 10.2.3). Undefined when absent or unreadable.
 * @example retryAfterMs('2', Date.now()) // 2000
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // All three HTTP-date forms start with a day name; Date.parse alone would read '1.5' as a date.
  const at = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
