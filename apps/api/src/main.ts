import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createDatabase, findApiKeyBySecret, migrateToLatest, startClaimHolder } from '@rolecall/db'
import { ensureAdminKey } from './admin-key.js'
import { listenForChanges } from './change-listener.js'
import { loadEnv } from './env.js'
import { createHttpServer } from './http-server.js'
import { JobHealth } from './jobs/job-health.js'
import { keepWorkflowsRunning } from './jobs/keep-workflows-running.js'
import { createLogger } from './logger.js'
import { OrgStateCache } from './state-cache.js'

/** In-flight requests get this long to finish after a stop signal before their sockets are cut. */
const DRAIN_MS = 10_000
const IDLE_CHECK_MS = 100

const config = loadEnv()
const logger = createLogger({ level: config.LOG_LEVEL })

const adminKey = await ensureAdminKey({ configured: config.ROLECALL_ADMIN_KEY, dataDir: config.ROLECALL_DATA_DIR })
const database = await createDatabase({
  url: config.DATABASE_URL,
  poolSize: config.DATABASE_POOL_SIZE,
  preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  dataDir: join(config.ROLECALL_DATA_DIR, 'data'),
})
try {
  await migrateToLatest(database.db)
} catch (err) {
  logger.fatal({ err }, 'migrations failed')
  await database.close()
  process.exit(1)
}

// Holds a lock for as long as this process lives, so a retry can tell its Idempotency-Key claims from those
// of a process that died. Resolves even when its session cannot open: claims then fall back to their age.
const claimHolder = await startClaimHolder(database, {
  onError: (err) => logger.warn({ err }, 'the idempotency claim holder lost its session; reconnecting'),
})
const cache = new OrgStateCache(database.db)
// Reminders, notifications and webhooks. Until the job queue starts (it is retried until it does), the API
// serves but /readyz says not ready: the outbox keeps every event until a process whose jobs run picks it up.
const jobHealth = new JobHealth(logger)
const workflows = keepWorkflowsRunning({
  database,
  logger,
  health: jobHealth,
  smtp: config.SMTP_URL ? { url: config.SMTP_URL, from: config.SMTP_FROM } : undefined,
  allowInternalWebhookTargets: config.WEBHOOK_ALLOW_PRIVATE ?? config.NODE_ENV !== 'production',
  eventRetentionDays: config.EVENT_RETENTION_DAYS,
})
// Other API processes on the same Postgres announce their writes; PGlite has only this process.
const listener = config.DATABASE_URL ? listenForChanges(config.DATABASE_URL, cache, logger) : undefined
const { server } = createHttpServer(
  {
    logger,
    db: database.db,
    cache,
    claimHolder,
    // Migrations ran before the server started, so answering a query is all that is left to check.
    ready: async () => {
      await database.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()
      return true
    },
    jobs: () => jobHealth.report(),
    auth: {
      adminKey,
      findApiKey: async (secret) => {
        const key = await findApiKeyBySecret(database.db, secret)
        return key && { id: key.id, orgIds: key.org_ids, support: key.support }
      },
    },
  },
  { hostname: config.HOST },
)

server.listen(config.PORT, config.HOST, () => {
  const { port } = server.address() as AddressInfo
  logger.info({ port, host: config.HOST, database: database.kind }, 'listening')
  const base = `http://localhost:${port}`
  process.stdout.write(`Rolecall API listening on ${base} — docs at ${base}/docs\n`)
})
server.once('error', (err) => {
  logger.fatal({ err }, 'cannot listen')
  process.exit(1)
})

// pg-boss 10 does not await its own `complete()`/`fail()` after a job runs, so a database error at that
// moment surfaces as an unhandled rejection. Node's default would take every request in flight down with
// it; the job is retried on its own (it expires and runs again), so log it loudly and keep serving.
process.on('unhandledRejection', (err) => {
  logger.error({ err }, 'unhandled rejection; kept running')
})

let stopping = false

async function stop(signal: NodeJS.Signals): Promise<void> {
  logger.info({ signal }, 'stopping: finishing requests in flight')
  const drain = setTimeout(() => {
    if ('closeAllConnections' in server) server.closeAllConnections()
  }, DRAIN_MS).unref()
  // close() refuses new connections and drops idle keep-alive ones, but Node leaves a connection that is busy
  // at that moment (a write in flight, check answers held for the turn's end) open to take more requests.
  // So every answer from now on closes its connection, and connections gone idle since are dropped.
  server.on('request', (_req, res) => {
    res.shouldKeepAlive = false
  })
  const idle = setInterval(() => server.closeIdleConnections(), IDLE_CHECK_MS).unref()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  clearTimeout(drain)
  clearInterval(idle)
  await listener?.close()
  // Before the database closes: jobs in flight finish their writes.
  await workflows.stop()
  await claimHolder.close()
  await database.close()
  logger.info('stopped')
}

function onSignal(signal: NodeJS.Signals) {
  // A second Ctrl-C means "now": skip the drain.
  if (stopping) process.exit(1)
  stopping = true
  stop(signal).then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'stopping failed')
      process.exit(1)
    },
  )
}

process.on('SIGTERM', onSignal)
process.on('SIGINT', onSignal)
