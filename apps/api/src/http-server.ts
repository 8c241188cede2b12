import { createServer, type Server } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { OpenAPIHono } from '@hono/zod-openapi'
import { answerClientError } from './answer-client-error.js'
import { type AppDeps, createApp, MAX_BODY_BYTES } from './app.js'
import type { AppEnv } from './app-env.js'
import { ApiKeys } from './auth.js'
import { withCheckLane } from './checks/check-lane.js'
import { holdIdleConnections } from './hold-idle-connections.js'
import { LingeringResponse } from './lingering-response.js'

export interface HttpServerOptions {
  /** The host a request without a `Host` header (HTTP/1.0) is taken to be for; usually the one listened on. */
  hostname?: string
}

/**
 * The API as a Node HTTP server, not yet listening: the app, with the check lane in front of it. An
 * answer given before the request's body arrived (413) waits for the rest before closing the connection
 * (`LingeringResponse`), and what Node cannot parse is answered with problem+json (`answerClientError`).
 * An idle connection stays open a minute past its advertised keep-alive time (`holdIdleConnections`).
 * @example const { server } = createHttpServer(deps, { hostname: '0.0.0.0' }); server.listen(3000)
 */
export function createHttpServer(
  deps: AppDeps,
  options: HttpServerOptions = {},
): { app: OpenAPIHono<AppEnv>; server: Server } {
  const keys = new ApiKeys(deps.auth)
  const app = createApp(deps, keys)
  const lane = withCheckLane({
    app,
    hono: getRequestListener(app.fetch, options),
    keys,
    cache: deps.cache,
    logger: deps.logger,
    maxBodyBytes: MAX_BODY_BYTES,
  })
  const server = createServer({ ServerResponse: LingeringResponse }, lane)
  server.on('clientError', answerClientError)
  holdIdleConnections(server)
  return { app, server }
}
