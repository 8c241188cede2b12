// How fast the bot acknowledges slash commands while the API is slow, next to a bare Bolt app that
// acks and does nothing, measured in the same run. Slack gives up after 3 s; the target is p99 ≤ 300 ms.
// The API runs in its own process, as in production, so its database work does not share our event loop.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRolecall } from '@rolecall/sdk'
import { App, HTTPReceiver, LogLevel } from '@slack/bolt'
import { startFakeSlack } from '../scripts/fake-slack.js'
import { responseUrl, slashCommand } from '../scripts/payloads.js'
import { postSigned } from '../scripts/signing.js'
import { createBot } from '../src/app.js'

const COMMANDS = 200
const API_DELAY_MS = 500
const TARGET_P99_MS = 300
const SECRET = 'bench-signing-secret'
const ADMIN_KEY = 'rc_admin_bench-only-0123456789abcdef'

async function serve(listener: RequestListener) {
  const server = createServer(listener).listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

async function freePort(): Promise<number> {
  const probe = await serve(() => {})
  const port = Number(new URL(probe.url).port)
  await probe.close()
  return port
}

async function startApi(): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'rolecall-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@rolecall/source', '../api/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROLECALL_DATA_DIR: dataDir,
      ROLECALL_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  })
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (
      await fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return { url, child, dataDir }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function measure(url: string, slackUrl: string): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < COMMANDS; i++) {
    const body = slashCommand('/roles', 'list', 'UANA', 'T_BENCH', responseUrl(slackUrl).url)
    const start = performance.now()
    const res = await postSigned(`${url}/slack/events`, SECRET, body)
    await res.arrayBuffer()
    times.push(performance.now() - start)
    if (res.status !== 200) throw new Error(`ack ${i}: HTTP ${res.status}`)
  }
  return times.sort((a, b) => a - b)
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
const ms = (n: number) => `${n.toFixed(1)} ms`

const api = await startApi()
const slack = await startFakeSlack({ emailDomain: 'example.com' })
const operator = createRolecall({ baseUrl: api.url, apiKey: ADMIN_KEY })
await operator.orgs.create({
  name: 'Bench',
  founder: { id: 'ana', displayName: 'Ana', slackUserId: 'UANA' },
  slackTeamId: 'T_BENCH',
})

const bareReceiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR })
const bareApp = new App({
  token: 'xoxb-bench',
  receiver: bareReceiver,
  clientOptions: { slackApiUrl: slack.apiUrl },
  logLevel: LogLevel.ERROR,
})
bareApp.command('/roles', async ({ ack }) => ack())
const bare = await serve(bareReceiver.requestListener)

const slow = createRolecall({
  baseUrl: api.url,
  apiKey: ADMIN_KEY,
  fetch: async (request) => {
    await new Promise((resolve) => setTimeout(resolve, API_DELAY_MS))
    return fetch(request)
  },
})
const bot = createBot({
  botToken: 'xoxb-bench',
  signingSecret: SECRET,
  rolecall: slow,
  slackApiUrl: slack.apiUrl,
  logLevel: LogLevel.ERROR,
})
const botServer = await serve(bot.requestListener)

try {
  await measure(bare.url, slack.url) // warm-up: connections, JIT
  const baseline = await measure(bare.url, slack.url)
  const measured = await measure(botServer.url, slack.url)
  console.info(`${COMMANDS} signed /roles list commands in a row, the API slowed by ${API_DELAY_MS} ms per request`)
  console.info('                 p50         p99')
  console.info(`bare Bolt ack    ${ms(pct(baseline, 50)).padEnd(12)}${ms(pct(baseline, 99))}`)
  console.info(`Rolecall bot     ${ms(pct(measured, 50)).padEnd(12)}${ms(pct(measured, 99))}`)
  console.info(
    `ratio            ${(pct(measured, 50) / pct(baseline, 50)).toFixed(2)}x${' '.repeat(8)}${(pct(measured, 99) / pct(baseline, 99)).toFixed(2)}x`,
  )
  console.info(`target p99 ≤ ${TARGET_P99_MS} ms: ${pct(measured, 99) <= TARGET_P99_MS ? 'met' : 'MISSED'}`)
  // The slow work of every command answers before everything closes.
  while (slack.calls.filter((c) => c.method.startsWith('respond:')).length < COMMANDS) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
} finally {
  await botServer.close()
  await bare.close()
  await slack.close()
  api.child.kill('SIGTERM')
  rmSync(api.dataDir, { recursive: true, force: true })
}
