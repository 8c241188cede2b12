import { describe, expect, test } from 'vitest'
import { parseBotEnv } from '../src/env.js'

const complete = {
  SLACK_BOT_TOKEN: 'xoxb-1-2',
  SLACK_SIGNING_SECRET: 'secret',
  ROLECALL_API_URL: 'http://localhost:3000',
  ROLECALL_API_KEY: 'rc_key',
}

describe('parseBotEnv', () => {
  test('a complete environment gives the defaults for the rest', () => {
    expect(parseBotEnv(complete)).toEqual({
      ok: true,
      config: { ...complete, PORT: 3100, LOG_LEVEL: 'info', ROLECALL_WEBHOOK_SECRET: [] },
    })
  })

  test('names every missing variable with where to find it', () => {
    const parsed = parseBotEnv({ SLACK_BOT_TOKEN: '' })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is missing: the Bot User OAuth Token/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing: the Signing Secret/),
      expect.stringMatching(/^ROLECALL_API_URL is missing/),
      expect.stringMatching(/^ROLECALL_API_KEY is missing/),
    ])
  })

  test('takes one webhook secret per org endpoint', () => {
    const parsed = parseBotEnv({ ...complete, ROLECALL_WEBHOOK_SECRET: 'whsec_a, whsec_b whsec_c' })
    expect(parsed.ok && parsed.config.ROLECALL_WEBHOOK_SECRET).toEqual(['whsec_a', 'whsec_b', 'whsec_c'])
  })

  test('says what is wrong with a value that is there', () => {
    const parsed = parseBotEnv({
      ...complete,
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      ROLECALL_API_URL: 'localhost',
      ROLECALL_WEBHOOK_SECRET: 'plain',
      SLACK_APP_TOKEN: 'xoxb-wrong',
    })
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      'SLACK_BOT_TOKEN must be a bot token (xoxb-…)',
      'SLACK_APP_TOKEN must be an app-level token (xapp-…)',
      'ROLECALL_API_URL must be a URL such as http://localhost:3000',
      'ROLECALL_WEBHOOK_SECRET.0 must be Standard Webhooks secrets (whsec_…)',
    ])
  })
})
