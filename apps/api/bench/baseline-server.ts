import { serve } from '@hono/node-server'
import { Hono } from 'hono'

// The floor for the API's numbers: the same HTTP server and framework, the same JSON bodies parsed,
// a small JSON answer, and nothing else (no auth, no validation, no state, no logging).
const app = new Hono()
app.get('/healthz', (c) => c.json({ status: 'ok' }))
app.post('/v1/orgs/:orgId/*', async (c) => {
  const body = (await c.req.json()) as { principal?: unknown; checks?: unknown[] }
  if (Array.isArray(body.checks)) return c.json({ results: body.checks.map(() => ({ allowed: true })) })
  return c.json({ allowed: typeof body.principal === 'string' })
})

const server = serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' })
process.on('SIGTERM', () => server.close(() => process.exit(0)))
