import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from './app-env.js'

// Paths may carry principal ids, and some tenants use e-mail addresses as ids; logs never hold them.
const EMAIL_SEGMENT = /[^/]*(@|%40)[^/]*/gi

/** The request path without its query, with any e-mail-like segment masked. */
export const loggablePath = (path: string) => path.replace(EMAIL_SEGMENT, '[email]')

/**
 * One log line per request: method, path, status, duration and request id. No headers, no bodies.
 * @example app.use(requestLog(logger))
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now()
    await next()
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: loggablePath(c.req.path),
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      },
      'request',
    )
  }
}
