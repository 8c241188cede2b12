import type { RequestListener } from 'node:http'
import type { Rolecall } from '@rolecall/sdk'
import { App, type Logger, LogLevel, webApi } from '@slack/bolt'
import { registerAnonymizeActions } from './commands/anonymize-actions.js'
import { registerAnonymizeCommand } from './commands/anonymize-command.js'
import type { BotDeps } from './commands/bot-deps.js'
import { registerRolesCommand } from './commands/roles-command.js'
import { registerTransferActions } from './commands/transfer.js'
import { webhookRoute } from './events/webhook-route.js'
import { createReceiver } from './http/create-receiver.js'

export { SLACK_PATH } from './http/create-receiver.js'

export interface BotOptions {
  botToken: string
  signingSecret: string
  /** An app-level token (xapp-…) switches to Socket Mode; the webhook route then listens on `port`. */
  appToken?: string
  port?: number
  /** The Rolecall client (API key, no actor). */
  rolecall: Rolecall
  /** The `whsec_…` secrets of the API's webhooks (one per org endpoint); without any the events route answers 404. */
  webhookSecrets?: string[]
  /** Slack's Web API root; tests and `slack:try` point it at a local fake. */
  slackApiUrl?: string
  logger?: Logger
  logLevel?: LogLevel
  now?: () => Date
}

export interface Bot {
  app: App
  /** Serves HTTP mode: Slack's requests, the events webhook and the health route; a stranger gets a 4xx. */
  requestListener: RequestListener
  deps: BotDeps
}

/**
 * Builds the Slack app without listening, so tests can serve it on any port.
 * @example const bot = createBot({ botToken, signingSecret, rolecall }); http.createServer(bot.requestListener).listen(3100)
 */
export function createBot(options: BotOptions): Bot {
  const deps: BotDeps = {
    rolecall: options.rolecall,
    logger: options.logger ?? consoleLogger(options.logLevel ?? LogLevel.INFO),
    now: options.now ?? (() => new Date()),
    offered: new Set(),
  }
  // The route is built before the App (the receiver needs it) and uses the App's client once it exists.
  const { receiver, requestListener } = createReceiver({
    signingSecret: options.signingSecret,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
    customRoutes: [webhookRoute(deps, (): webApi.WebClient => app.client, options.webhookSecrets ?? [])],
    logger: deps.logger,
    now: deps.now,
  })
  const app: App = new App({
    token: options.botToken,
    receiver,
    logger: deps.logger,
    clientOptions: clientOptions(options),
  })

  // Slack retries a delivery it thinks we missed; the first one was handled, so a retry only gets its ack.
  app.use(async (args) => {
    if (args.context.retryNum !== undefined) {
      if ('ack' in args && typeof args.ack === 'function') await args.ack()
      return
    }
    await args.next()
  })
  registerRolesCommand(app, deps)
  registerTransferActions(app, deps)
  registerAnonymizeCommand(app, deps)
  registerAnonymizeActions(app, deps)

  return { app, deps, requestListener }
}

/**
 * The WebClient's own pacing, configured rather than rebuilt: a 429 is waited out for its
 * Retry-After and retried, and a few requests run at a time so one channel is not flooded.
 */
const clientOptions = (options: BotOptions): webApi.WebClientOptions => ({
  ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
  rejectRateLimitedCalls: false,
  retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
  maxRequestConcurrency: 3,
})

function consoleLogger(level: LogLevel): Logger {
  let current = level
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR]
  const at =
    (wanted: LogLevel, write: (...msg: unknown[]) => void) =>
    (...msg: unknown[]) => {
      if (order.indexOf(wanted) >= order.indexOf(current)) write('[slack-bot]', ...msg)
    }
  return {
    debug: at(LogLevel.DEBUG, console.debug),
    info: at(LogLevel.INFO, console.info),
    warn: at(LogLevel.WARN, console.warn),
    error: at(LogLevel.ERROR, console.error),
    setLevel: (next) => {
      current = next
    },
    getLevel: () => current,
    setName: () => {},
  }
}
