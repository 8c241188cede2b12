import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRolecall } from '@rolecall/sdk'
import type { LogLevel } from '@slack/bolt'
import { createBot, SLACK_PATH } from './app.js'
import { loadBotEnv } from './env.js'
import { EVENTS_PATH } from './events/webhook-route.js'
import { HEALTH_PATH } from './http/health-route.js'

const env = loadBotEnv()
const bot = createBot({
  botToken: env.SLACK_BOT_TOKEN,
  signingSecret: env.SLACK_SIGNING_SECRET,
  ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
  port: env.PORT,
  rolecall: createRolecall({ baseUrl: env.ROLECALL_API_URL, apiKey: env.ROLECALL_API_KEY }),
  webhookSecrets: env.ROLECALL_WEBHOOK_SECRET,
  ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
  logLevel: env.LOG_LEVEL as LogLevel,
})

// Node exits on an unhandled rejection; one failed request must not take every other one down with it.
process.on('unhandledRejection', (reason) => bot.deps.logger.error('unhandled rejection, still serving:', reason))

if (env.SLACK_APP_TOKEN) {
  // Socket Mode: Slack's traffic comes over a WebSocket; the receiver serves the events webhook on PORT.
  await bot.app.start()
  console.info(`Rolecall bot in Socket Mode; events webhook on :${env.PORT}${EVENTS_PATH}, health on ${HEALTH_PATH}`)
} else {
  const server = createServer(bot.requestListener)
  server.listen(env.PORT, () => {
    const { port } = server.address() as AddressInfo
    console.info(`Rolecall bot on :${port}${SLACK_PATH}, events on ${EVENTS_PATH}, health on ${HEALTH_PATH}`)
  })
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}
