// Usage: npm run slack:try -- '/roles grant @bob admin' [--as ana]
//        npm run slack:try -- --click transfer.confirm '{"to":"bob","toSlack":"UBOB"}' [--as ana]
// Sends a signed request to a locally running bot (whose Slack API is the fake from slack:fake) and
// prints what the bot answered and the DMs it sent meanwhile, as text.
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { replyText } from '../src/blocks/reply.js'
import { loadTryEnv } from '../src/env.js'
import type { SlackCall } from './fake-slack.js'
import { blockAction, slashCommand } from './payloads.js'
import { postSigned } from './signing.js'

const env = loadTryEnv()
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { as: { type: 'string', default: 'ana' }, click: { type: 'string' } },
})
const slackId = (name: string) => `U${name.toUpperCase()}`
// Typed mentions become what Slack sends with should_escape: @bob → <@UBOB|bob>.
const escapeMentions = (text: string) =>
  text.replace(/(^|\s)@([A-Za-z0-9._-]+)/g, (_m, pre, name) => `${pre}<@${slackId(name)}|${name}>`)

const fakeUrl = `http://localhost:${env.SLACK_FAKE_PORT}`
const calls = async (since: number): Promise<SlackCall[]> =>
  (await fetch(`${fakeUrl}/calls?since=${since}`)).json() as Promise<SlackCall[]>
const before = (
  await calls(0).catch(() => {
    console.error(`No fake Slack on ${fakeUrl}: start it with npm run slack:fake -w @rolecall/slack-bot`)
    process.exit(1)
  })
).length

const responseId = randomUUID()
const responseUrl = `${fakeUrl}/respond/${responseId}`
const user = slackId(values.as ?? 'ana')
let body: string
if (values.click) {
  body = blockAction(values.click, positionals[0] ?? '{}', user, env.SLACK_TRY_TEAM, responseUrl)
} else {
  const [command = '/roles', ...rest] = (positionals.join(' ') || '/roles').split(/\s+/)
  body = slashCommand(command, escapeMentions(rest.join(' ')), user, env.SLACK_TRY_TEAM, responseUrl)
}
const res = await postSigned(`${env.SLACK_TRY_BOT_URL}/slack/events`, env.SLACK_SIGNING_SECRET, body)
console.info(`bot answered HTTP ${res.status}`)
if (res.status !== 200) process.exit(1)

// The bot acks first and answers through the response_url; wait for that answer.
const deadline = Date.now() + 15_000
let seen: SlackCall[] = []
while (Date.now() < deadline) {
  seen = await calls(before)
  if (seen.some((c) => c.method === `respond:${responseId}`)) break
  await new Promise((resolve) => setTimeout(resolve, 100))
}
await new Promise((resolve) => setTimeout(resolve, 300)) // DMs sent right after the answer
for (const call of await calls(before)) {
  if (call.method === `respond:${responseId}`) console.info(`\nreply:\n${replyText(call.args)}`)
  else if (call.method === 'chat.postMessage' || call.method === 'chat.update') {
    console.info(`\n${call.method} to ${call.args.channel}:\n${replyText(call.args)}`)
  }
  for (const button of buttons(call.args)) {
    console.info(`  click: npm run slack:try -- --click ${button.action_id} '${button.value}' --as <who>`)
  }
}

function buttons(args: { blocks?: { elements?: { action_id?: string; value?: string }[] }[] }) {
  return (args.blocks ?? []).flatMap((b) => b.elements ?? []).filter((e) => e.action_id && e.value)
}
