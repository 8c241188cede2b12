// A stand-in for Slack's Web API on localhost: start it, then the bot with SLACK_API_URL pointing here.
import { loadTryEnv } from '../src/env.js'
import { startFakeSlack } from './fake-slack.js'

const env = loadTryEnv({ SLACK_SIGNING_SECRET: 'unused', ...process.env })
const fake = await startFakeSlack({ port: env.SLACK_FAKE_PORT, emailDomain: env.SLACK_FAKE_EMAIL_DOMAIN })
console.info(`Fake Slack Web API on ${fake.apiUrl} (users.info: UBOB is bob@${env.SLACK_FAKE_EMAIL_DOMAIN})`)
console.info(`Start the bot with SLACK_API_URL=${fake.apiUrl}`)
