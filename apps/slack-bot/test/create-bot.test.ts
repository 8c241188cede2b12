import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRolecall } from '@rolecall/sdk'
import { LogLevel } from '@slack/bolt'
import { describe, expect, test } from 'vitest'
import { createBot, SLACK_PATH } from '../src/app.js'

const rolecall = createRolecall({ baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' })

describe('createBot', () => {
  test('with an app-level token it uses Socket Mode and serves no Slack HTTP endpoint', async () => {
    const bot = createBot({
      botToken: 'xoxb-test',
      signingSecret: 'unused',
      appToken: 'xapp-test',
      rolecall,
      logLevel: LogLevel.ERROR,
    })
    // Nothing connects until app.start(); Slack's traffic would come over the socket, not HTTP.
    const server = createServer(bot.requestListener).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_PATH}`, {
      method: 'POST',
    })
    expect(res.status).toBe(404)
    await new Promise((resolve) => server.close(resolve))
  })
})
