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
        DATABASE_POOL_SIZE: 20,
        DATABASE_PREPARED_STATEMENTS: true,
        ROLECALL_DATA_DIR: resolve('.rolecall'),
        ROLECALL_ADMIN_KEY: undefined,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        SMTP_URL: undefined,
        SMTP_FROM: 'Rolecall <rolecall@localhost>',
        EVENT_RETENTION_DAYS: 30,
        WEBHOOK_ALLOW_PRIVATE: undefined,
      },
    })
  })

  test('reads every variable it knows', () => {
    const parsed = parseEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://rolecall@localhost:5432/rolecall',
      DATABASE_POOL_SIZE: '40',
      DATABASE_PREPARED_STATEMENTS: 'false',
      ROLECALL_DATA_DIR: '/var/lib/rolecall',
      ROLECALL_ADMIN_KEY: 'rc_admin_0123456789abcdefghijklmn',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mailer:secret@mail.example.com:587',
      SMTP_FROM: 'Rolecall <roles@example.com>',
      EVENT_RETENTION_DAYS: '90',
      WEBHOOK_ALLOW_PRIVATE: 'false',
    })
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        PORT: 8080,
        DATABASE_POOL_SIZE: 40,
        DATABASE_PREPARED_STATEMENTS: false,
        ROLECALL_DATA_DIR: '/var/lib/rolecall',
        EVENT_RETENTION_DAYS: 90,
        WEBHOOK_ALLOW_PRIVATE: false,
      },
    })
  })

  test('asks for an admin key in production, where none is generated', () => {
    expect(parseEnv({ NODE_ENV: 'production' })).toEqual({
      ok: false,
      errors: ['ROLECALL_ADMIN_KEY: must be set in production; a key is generated only in development and test'],
    })
    expect(parseEnv({ NODE_ENV: 'production', ROLECALL_ADMIN_KEY: 'rc_admin_0123456789abcdefghijklmn' })).toMatchObject(
      {
        ok: true,
      },
    )
  })

  test('names every invalid variable, not just the first', () => {
    const parsed = parseEnv({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/rolecall',
      DATABASE_PREPARED_STATEMENTS: 'sometimes',
      ROLECALL_ADMIN_KEY: 'short',
      LOG_LEVEL: 'loud',
      SMTP_URL: 'http://mail.example.com',
    })
    expect(parsed.ok).toBe(false)
    const errors = parsed.ok ? [] : parsed.errors
    expect(errors.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'DATABASE_URL',
      'DATABASE_PREPARED_STATEMENTS',
      'ROLECALL_ADMIN_KEY',
      'LOG_LEVEL',
      'SMTP_URL',
    ])
    expect(errors[1]).toBe('DATABASE_URL: must be a postgres:// or postgresql:// connection string')
  })

  test('keeps event data at least a whole day, in whole days', () => {
    for (const days of ['0', '-3', '1.5', 'forever']) {
      const parsed = parseEnv({ EVENT_RETENTION_DAYS: days })
      expect(parsed.ok ? [] : parsed.errors.map((line) => line.split(':')[0]), days).toEqual(['EVENT_RETENTION_DAYS'])
    }
    expect(parseEnv({ EVENT_RETENTION_DAYS: '1' })).toMatchObject({ ok: true, config: { EVENT_RETENTION_DAYS: 1 } })
  })
})
