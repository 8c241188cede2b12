import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import {
  type BufferedIncomingMessage,
  HTTPModuleFunctions,
  type Logger,
  type ReceiverDispatchErrorHandlerArgs,
} from '@slack/bolt'
import { pathOf } from './path-of.js'
import { readBody } from './read-body.js'
import { refuse } from './refuse.js'

/** Slack's replay window: a signed request older or newer than this is refused. */
const MAX_SKEW_SECONDS = 5 * 60

export interface GuardOptions {
  /** The path Bolt receives Slack's requests on. */
  endpoint: string
  logger: Logger
  now: () => Date
  /** The handler the receiver was given, answering what it throws on. */
  dispatchErrorHandler: (args: ReceiverDispatchErrorHandlerArgs) => void
}

/**
 * Puts `HTTPReceiver.requestListener` behind what only its own `start()` adds and what it lacks, so no
 * request can take the process down: a throw (Bolt throws on every unrouted request) goes to the
 * dispatch error handler, and a request to Slack's endpoint must be recent, small and readable before
 * Bolt reads it.
 * @example createServer(guardRequests(receiver.requestListener, { endpoint, logger, now, dispatchErrorHandler }))
 */
export function guardRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  const failed = (request: IncomingMessage, response: ServerResponse, error: unknown) =>
    options.dispatchErrorHandler({ error: error as Error, logger: options.logger, request, response })
  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    try {
      listener(req, res)
    } catch (error) {
      failed(req, res, error)
    }
  }
  return (req, res) => {
    if (req.method !== 'POST' || pathOf(req) !== options.endpoint) return dispatch(req, res)
    admit(req, res, options).then(
      (admitted) => admitted && dispatch(req, res),
      (error) => failed(req, res, error),
    )
  }
}

/** Refuses a Slack request Bolt should not see, answering why; true when Bolt may have it. */
async function admit(req: IncomingMessage, res: ServerResponse, { logger, now }: GuardOptions): Promise<boolean> {
  // Bolt refuses a stale timestamp but not one from the future; a replay must be refused both ways.
  const timestamp = req.headers['x-slack-request-timestamp']
  if (timestamp !== undefined && !(Math.abs(now().getTime() / 1000 - Number(timestamp)) <= MAX_SKEW_SECONDS)) {
    refuse(logger, req, res, 401, 'the request timestamp is not within five minutes of now')
    return false
  }
  const read = await readBody(req)
  if (!read.ok) {
    refuse(logger, req, res, read.status, read.reason)
    return false
  }
  // Bolt takes a body it finds buffered on the request instead of reading the (now consumed) stream.
  const buffered = Object.assign(req, { rawBody: read.body }) as BufferedIncomingMessage
  const unreadable = unreadableBody(buffered)
  if (unreadable) refuse(logger, req, res, 400, unreadable)
  return unreadable === undefined
}

/**
 * Why Bolt could not read the body as a Slack payload, parsed as Bolt parses it; Bolt would answer
 * an unparsable one itself, but a payload such as `null` makes it throw where nothing catches.
 */
function unreadableBody(req: BufferedIncomingMessage): string | undefined {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req)
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return undefined
    return 'the body is not a Slack payload (a JSON object or a form)'
  } catch (error) {
    return `the body is not readable: ${(error as Error).message}`
  }
}
