import type { IncomingMessage } from 'node:http'

/**
 * The path a request asks for, without its query; undefined when the request target is no URL.
 * @example pathOf(req) // '/slack/events' for POST /slack/events?x=1
 */
export function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '', 'http://localhost').pathname
  } catch {
    return undefined
  }
}
