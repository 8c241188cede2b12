import type { ServerResponse } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env.js'

export const REQUEST_ID_HEADER = 'X-Request-Id'
const MAX_LENGTH = 255
const SAFE = /^[\w\-=]+$/

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is safe to echo, else a new UUID),
 * sets `c.var.requestId` and answers with it in `X-Request-Id`, as Hono's `requestId()` does.
 *
 * Under `@hono/node-server` the header goes straight onto Node's response: `c.header()` before the
 * handler answers would make every response build a WHATWG `Headers` object, which costs the hot
 * check routes more than their decision does. In-process (`app.request()`), `c.header()` it is.
 * @example app.use(requestId())
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = requestIdFor(c.req.header(REQUEST_ID_HEADER))
    c.set('requestId', id)
    const outgoing = nodeResponseOf(c)
    if (outgoing) outgoing.setHeader(REQUEST_ID_HEADER, id)
    else c.header(REQUEST_ID_HEADER, id)
    await next()
  }
}

/**
 * The id of a request that sent `sent` as its X-Request-Id: that one when it is safe to echo, else a new UUID.
 * @example requestIdFor('abc-123') // 'abc-123'
 */
export const requestIdFor = (sent: string | undefined): string =>
  sent !== undefined && sent.length <= MAX_LENGTH && SAFE.test(sent) ? sent : crypto.randomUUID()

function nodeResponseOf(c: Context<AppEnv>): ServerResponse | undefined {
  const env: unknown = c.env
  if (typeof env !== 'object' || env === null || !('outgoing' in env)) return undefined
  const outgoing = (env as { outgoing: unknown }).outgoing
  return typeof (outgoing as Partial<ServerResponse> | null)?.setHeader === 'function'
    ? (outgoing as ServerResponse)
    : undefined
}
