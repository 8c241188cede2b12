import type { OutgoingHttpHeaders } from 'node:http'
import {
  buildReceiverRoutes,
  type CodedError,
  type CustomRoute,
  ErrorCode,
  type ReceiverDispatchErrorHandlerArgs,
} from '@slack/bolt'
import { pathOf } from './path-of.js'
import { refuse } from './refuse.js'

/**
 * The receiver's `dispatchErrorHandler`: a request no route serves is a 404, a known path asked with
 * another method a 405 naming the allowed ones, a request target that is no URL a 400, and anything
 * else the receiver threw a 500; each with one log line.
 * @example new HTTPReceiver({ …, dispatchErrorHandler: answerUnrouted(SLACK_PATH, customRoutes) })
 */
export function answerUnrouted(endpoint: string, customRoutes: CustomRoute[]) {
  const allowed = new Map(
    Object.entries(buildReceiverRoutes(customRoutes)).map(([path, by]) => [path, Object.keys(by)]),
  )
  allowed.set(endpoint, ['POST'])
  return ({ error, logger, request, response }: ReceiverDispatchErrorHandlerArgs): void => {
    const [status, reason, headers] = answerTo(error, allowed.get(pathOf(request) ?? ''))
    refuse(logger, request, response, status, reason, headers)
  }
}

/** The status, the reason logged and any headers for what the receiver threw. */
function answerTo(error: Error | CodedError, methods: string[] | undefined): [number, string, OutgoingHttpHeaders?] {
  const code = 'code' in error ? error.code : undefined
  if (code === ErrorCode.HTTPReceiverDeferredRequestError) {
    if (methods) return [405, `only ${methods.join(', ')}`, { allow: methods.join(', ') }]
    return [404, 'no such route']
  }
  if (code === 'ERR_INVALID_URL') return [400, 'the request target is not a URL']
  return [500, `the receiver failed: ${error.message}`]
}
