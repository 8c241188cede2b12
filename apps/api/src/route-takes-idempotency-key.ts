import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import { METHOD_NAME_ALL } from 'hono/router'
import { idempotentOperations } from './idempotent-operations.js'

/**
 * Whether the route a request is routed to declares an `Idempotency-Key` header, as its OpenAPI operation
 * says (`takesIdempotencyKey`), for middleware in front of every route that applies only to those. The
 * app's router has already matched the request, so this names no path: it reads the declaration of the
 * route the router chose. The document is read once, on first use, when every route is registered.
 * @example app.use('/v1/*', idempotency(db, logger, routeTakesIdempotencyKey(app)))
 */
// biome-ignore lint/suspicious/noExplicitAny: any app's routes are read the same way, whatever its Env
export function routeTakesIdempotencyKey(app: OpenAPIHono<any>): (c: Context) => boolean {
  let keyed: ReadonlySet<string> | undefined
  return (c) => {
    keyed ??= new Set(
      idempotentOperations(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: '', version: '' } })).map(
        ({ method, path }) => `${method} ${routingPath(path)}`,
      ),
    )
    // The handler after this middleware that belongs to a route, not to other middleware (which serve ALL).
    const route = matchedRoutes(c).find((r, i) => i > c.req.routeIndex && r.method !== METHOD_NAME_ALL)
    return route !== undefined && keyed.has(`${route.method} ${route.path}`)
  }
}

// As @hono/zod-openapi registers a route: `{name}` in its template is `:name` to the router.
const routingPath = (template: string) => template.replaceAll(/\/{(.+?)}/g, '/:$1')
