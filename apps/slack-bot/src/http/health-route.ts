import type { CustomRoute } from '@slack/bolt'

/** Where a load balancer or orchestrator asks whether the bot is up. */
export const HEALTH_PATH = '/healthz'

const BODY = JSON.stringify({ status: 'ok' })

/**
 * Liveness only: it answers while the process serves, without asking Slack or the API, so an outage
 * of either never gets the bot restarted.
 * @example createReceiver({ …, customRoutes: [healthRoute()] })
 */
export const healthRoute = (): CustomRoute => ({
  path: HEALTH_PATH,
  method: ['GET', 'HEAD'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(BODY)
  },
})
