import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseEnv } from '../src/env.js'

describe('parseEnv', () => {
  test('defaults every variable that is unset or empty', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' })).toEqual({
      ok: true,
      config: {
        PORT: 3000,
        HOST: '0.0.0.0',
        DATABASE_URL: undefined,
        ROLECALL_DATA_DIR: resolve('.rolecall'),
        ROLECALL_ADMIN_KEY: undefined,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
      },
    })
  })

  test('reads every variable it knows', () => {
    const parsed = parseEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://rolecall@localhost:5432/rolecall',
      ROLECALL_DATA_DIR: '/var/lib/rolecall',
      ROLECALL_ADMIN_KEY: 'rc_admin_0123456789abcdefghijklmn',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    })
    expect(parsed).toMatchObject({ ok: true, config: { PORT: 8080, ROLECALL_DATA_DIR: '/var/lib/rolecall' } })
  })

  test('names every invalid variable, not just the first', () => {
    const parsed = parseEnv({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/rolecall',
      ROLECALL_ADMIN_KEY: 'short',
      LOG_LEVEL: 'loud',
    })
    expect(parsed.ok).toBe(false)
    const errors = parsed.ok ? [] : parsed.errors
    expect(errors.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'DATABASE_URL',
      'ROLECALL_ADMIN_KEY',
      'LOG_LEVEL',
    ])
    expect(errors[1]).toBe('DATABASE_URL: must be a postgres:// or postgresql:// connection string')
  })
})
