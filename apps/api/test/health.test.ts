import { describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import type { JobsReport } from '../src/jobs/job-health.js'
import { testDeps } from './fixtures.js'

describe('GET /healthz', () => {
  test('answers ok while the process is up, even when the database is not ready', async () => {
    const app = createApp(testDeps({ ready: async () => false }))
    const res = await app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  test('echoes a request id, the caller’s when it sends a valid one', async () => {
    const app = createApp(testDeps())
    const generated = await app.request('/healthz')
    expect(generated.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/)
    const given = await app.request('/healthz', { headers: { 'X-Request-Id': 'trace-42' } })
    expect(given.headers.get('X-Request-Id')).toBe('trace-42')
  })
})

describe('GET /readyz', () => {
  test('answers ready when the readiness check passes', async () => {
    const res = await createApp(testDeps()).request('/readyz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ready' })
  })

  const unready = [
    ['says no', async () => false],
    [
      'throws',
      async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:5432')
      },
    ],
  ] as const
  for (const [name, ready] of unready) {
    test(`answers a 503 problem when the readiness check ${name}`, async () => {
      const res = await createApp(testDeps({ ready })).request('/readyz')
      expect(res.status).toBe(503)
      expect(res.headers.get('Content-Type')).toBe('application/problem+json')
      const body = await res.json()
      expect(body).toMatchObject({ status: 503, code: 'UNAVAILABLE', instance: '/readyz' })
      expect(JSON.stringify(body)).not.toContain('ECONNREFUSED')
    })
  }

  const jobs =
    (status: JobsReport['status'], failedStarts = 0): (() => JobsReport) =>
    () => ({
      status,
      errors: 3,
      failedStarts,
      lastErrorAt: '2030-01-01T00:00:00.000Z',
    })
  const jobStates = [
    [
      'starting, after failed starts',
      jobs('starting', 2),
      'The job system is starting (2 failed starts so far; retrying).',
    ],
    ['starting', jobs('starting'), 'The job system is starting.'],
    ['stopped (shutting down)', jobs('stopped'), 'The job system is stopped.'],
  ] as const
  for (const [name, report, detail] of jobStates) {
    test(`answers a 503 problem while the job system is ${name}`, async () => {
      const res = await createApp(testDeps({ jobs: report })).request('/readyz')
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', detail })
    })
  }

  test('reports the job system with its error counts once it runs', async () => {
    const res = await createApp(testDeps({ jobs: jobs('running', 1) })).request('/readyz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ready',
      jobs: { status: 'running', errors: 3, failedStarts: 1, lastErrorAt: '2030-01-01T00:00:00.000Z' },
    })
  })
})
