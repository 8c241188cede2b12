import type { MiddlewareHandler } from 'hono'
import { type Logger, symbols } from 'pino'
import type { AppEnv } from './app-env.js'

// Paths may carry principal ids, and some tenants use e-mail addresses as ids; logs never hold them.
const EMAIL_SEGMENT = /[^/]*(@|%40)[^/]*/gi

/** The request path without its query, with any e-mail-like segment masked. */
export const loggablePath = (path: string) => path.replace(EMAIL_SEGMENT, '[email]')

const INFO = 30

interface PinoInternals {
  [symbols.streamSym]: { write(line: string): unknown; [symbols.needsMetadataGsym]?: boolean }
  [symbols.chindingsSym]: string
}

/** What the log line of one request says. */
export interface RequestLine {
  requestId: string
  method: string
  /** The request path without its query; masked here. */
  path: string
  status: number
  /** Since the request arrived, in milliseconds. */
  ms: number
}

/**
 * Writes one log line per request: method, path, status, duration and request id. No headers, no bodies.
 *
 * The line is the one `logger.info({ ... }, 'request')` would write, built here and handed to the
 * logger's own destination: pino's general path (key walk, redaction, serializers) cost more than
 * the whole permission check it logged. Nothing in it needs redacting: the caller's request id is
 * limited to `[\w=-]`, the path has e-mail-like segments masked, and both are JSON-escaped. A
 * destination that routes by level (`pino.multistream`) gets the line through pino itself.
 * @example requestLineWriter(logger)({ requestId, method: 'GET', path: '/healthz', status: 200, ms: 0.4 })
 */
export function requestLineWriter(logger: Logger): (line: RequestLine) => void {
  const internals = logger as unknown as PinoInternals
  const routed = internals[symbols.streamSym][symbols.needsMetadataGsym] === true
  return ({ requestId, method, path, status, ms }) => {
    if (!logger.isLevelEnabled('info')) return
    const rounded = Math.round(ms * 10) / 10
    if (routed) {
      logger.info({ requestId, method, path: loggablePath(path), status, ms: rounded }, 'request')
      return
    }
    internals[symbols.streamSym].write(
      `{"level":${INFO},"time":${Date.now()}${internals[symbols.chindingsSym]},"requestId":${JSON.stringify(requestId)},"method":${JSON.stringify(method)},"path":${JSON.stringify(loggablePath(path))},"status":${status},"ms":${rounded},"msg":"request"}\n`,
    )
  }
}

/**
 * The request log as middleware: `requestLineWriter`'s line for every request through the app.
 * @example app.use(requestLog(logger))
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  const write = requestLineWriter(logger)
  return async (c, next) => {
    const start = performance.now()
    await next()
    const ms = performance.now() - start
    write({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms })
  }
}
