import type { RequestListener } from 'node:http'
import { type CustomRoute, HTTPReceiver, type Logger, SocketModeReceiver } from '@slack/bolt'
import { answerUnrouted } from './answer-unrouted.js'
import { guardRequests } from './guard-requests.js'
import { healthRoute } from './health-route.js'
import { refuse } from './refuse.js'

/** Where Slack sends commands, button clicks and dialog submissions. */
export const SLACK_PATH = '/slack/events'

export interface ReceiverOptions {
  signingSecret: string
  /** An app-level token (xapp-…) switches to Socket Mode; the custom routes then listen on `port`. */
  appToken?: string
  port?: number
  /** Served beside Slack's endpoint, with the health route, in either mode. */
  customRoutes: CustomRoute[]
  logger: Logger
  now: () => Date
}

export interface BotReceiver {
  receiver: HTTPReceiver | SocketModeReceiver
  /** HTTP mode's listener, guarded; in Socket Mode every request is a 404 (its own server serves the routes). */
  requestListener: RequestListener
}

/**
 * The one place the bot's receiver is set up, with what it answers to requests it does not serve.
 * @example const { receiver, requestListener } = createReceiver({ signingSecret, customRoutes: [], logger, now })
 */
export function createReceiver(options: ReceiverOptions): BotReceiver {
  const { logger } = options
  const customRoutes = [healthRoute(), ...options.customRoutes].map((route) => neverRejecting(route, logger))
  if (options.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      customRoutes,
      installerOptions: { port: options.port ?? 3100 },
      logger,
    })
    return {
      receiver,
      requestListener: (req, res) => refuse(logger, req, res, 404, 'Slack traffic comes over the socket'),
    }
  }
  const dispatchErrorHandler = answerUnrouted(SLACK_PATH, customRoutes)
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_PATH,
    customRoutes,
    logger,
    dispatchErrorHandler,
  })
  const guard = { endpoint: SLACK_PATH, logger, now: options.now, dispatchErrorHandler }
  return { receiver, requestListener: guardRequests(receiver.requestListener, guard) }
}

/** Bolt calls a route's handler without awaiting it, so a rejection would be unhandled: it is answered here. */
const neverRejecting = (route: CustomRoute, logger: Logger): CustomRoute => ({
  ...route,
  handler: (req, res) => {
    new Promise<void>((resolve) => resolve(route.handler(req, res))).catch((error: Error) =>
      refuse(logger, req, res, 500, `the route failed: ${error.message}`),
    )
  },
})
