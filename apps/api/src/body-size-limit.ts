import type { IncomingMessage } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from './app-env.js'
import { problem } from './problem.js'

/**
 * Refuses bodies over `maxBytes` with 413. A declared `Content-Length` is checked from the header
 * alone, so ordinary requests keep the server's fast body path; bodies of unknown length are counted
 * as they stream. The answer closes the connection, since the unread body would poison a kept-alive one.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge: Parameters<typeof bodyLimit>[0]['onError'] = (c) => {
    c.header('Connection', 'close')
    return problem(c, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${maxBytes} bytes.`)
  }
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async (c, next) => {
    const declared = c.req.header('Content-Length')
    if (declared !== undefined) return Number(declared) > maxBytes ? tooLarge(c) : next()
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || hasNoBody(c)) return next()
    // Without a declared length (chunked, or a Request built in-process) the body is counted as it streams.
    return streamed(c, next)
  }
}

/**
 * True for a request off the socket with neither Content-Length nor Transfer-Encoding, which HTTP/1.1
 * says has no body (a plain PUT or DELETE; HTTP/2 frames bodies otherwise): counting it would wrap the request for nothing. A Request
 * built in-process declares neither even with a body, so it is never taken for bodiless.
 */
function hasNoBody(c: Context<AppEnv>): boolean {
  const env: unknown = c.env
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? env.incoming : undefined
  const http1 = (incoming as Partial<IncomingMessage> | undefined)?.httpVersionMajor === 1
  return http1 && c.req.header('Transfer-Encoding') === undefined
}
