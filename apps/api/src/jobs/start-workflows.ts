import { type DatabaseHandle, deleteExpiredIdempotencyKeys } from '@rolecall/db'
import { createTransport } from 'nodemailer'
import PgBoss from 'pg-boss'
import type { Logger } from 'pino'
import { createQueues } from './create-queues.js'
import { deliverWebhook, type WebhookDelivery } from './deliver-webhook.js'
import { dispatchOutbox, OUTBOX_BATCH } from './dispatch-outbox.js'
import { fireReminder, type ReminderJob } from './fire-reminder.js'
import { JobHealth } from './job-health.js'
import { pruneEvents } from './prune-events.js'
import { QUEUES } from './queues.js'
import { STANDARD_WEBHOOKS_SCHEDULE_MS } from './retry-schedule.js'
import {
  type NotificationJob,
  type NotificationSender,
  notificationsOf,
  sendNotifications,
} from './send-notification.js'
import { sweepWebhooks } from './sweep-webhooks.js'

export interface WorkflowOptions {
  database: Pick<DatabaseHandle, 'db' | 'executeSql'>
  logger: Logger
  /** Notifications go out by e-mail through this server; without it they are kept for listing. */
  smtp?: { url: string; from: string } | undefined
  /** Waits between webhook retries; Standard Webhooks' schedule unless a test shortens it. */
  webhookScheduleMs?: readonly number[] | undefined
  webhookTimeoutMs?: number | undefined
  /** Deliver to loopback and private addresses (development, tests); production refuses them. */
  allowInternalWebhookTargets?: boolean | undefined
  /** How often new outbox rows are picked up. */
  dispatchEveryMs?: number | undefined
  /** Event data older than this many days is pruned about hourly (see pruneEvents); unset keeps it all. */
  eventRetentionDays?: number | undefined
  /** Where the jobs' state and failures are kept for `/readyz`; failures are logged either way. */
  health?: JobHealth | undefined
}

export interface Workflows {
  /** Stops taking work, lets jobs in flight finish, and ends every timer. Leaves the database open. */
  stop(): Promise<void>
}

/**
 * How often endpoints with waiting events are checked for a queued run (see sweepWebhooks). With the
 * claim's 25 s, an endpoint whose delivery died with its process is retried within 40 s.
 */
const SWEEP_EVERY_MS = 15_000

/**
 * How often expired idempotency keys and old event data are pruned: hourly keeps each run small without
 * letting tables grow for long.
 */
const PRUNE_EVERY_MS = 3_600_000
const DAY_MS = 86_400_000

/** pg-boss's shortest polling interval. */
const POLL_SECONDS = 0.5
/**
 * Notification jobs one run takes together. Each names the notifications of one outbox dispatch (up to
 * OUTBOX_BATCH events, each with its recipients), so ten keep a run's query well within Postgres's
 * limit on parameters.
 */
const NOTIFICATION_JOBS_PER_RUN = 10
/**
 * Webhook runs one process makes at once. Each waits on a receiver for up to the request timeout, so this
 * many receivers hanging at the same moment are what it takes to hold up everyone else's deliveries.
 */
const WEBHOOK_WORKERS = 4

/**
 * Starts the jobs behind events: the outbox dispatcher, reminders, notifications and webhook
 * deliveries, on pg-boss over the app's own database (its pool, or PGlite through the dialect's mutex).
 * Mutations never wait for any of it: the outbox keeps their events until this runs.
 * @example const workflows = await startWorkflows({ database, logger }); process.on('SIGTERM', () => workflows.stop())
 */
export async function startWorkflows(options: WorkflowOptions): Promise<Workflows> {
  const { logger } = options
  const health = options.health ?? new JobHealth(logger)
  const boss = new PgBoss({
    db: {
      executeSql: async (text, values) => {
        try {
          return await options.database.executeSql(text, values)
        } catch (err) {
          // pg-boss drops some failures unreported (a failed fetch reads as "no jobs"). Those while
          // starting are expected races it handles, or fail the start.
          if (health.running) health.error(err, 'job queue statement failed')
          throw err
        }
      },
    },
    schedule: false,
  })
  boss.on('error', (err) => health.error(err, 'job queue error'))
  await boss.start()
  try {
    return await startWorkers(boss, options, health)
  } catch (err) {
    await boss.stop({ graceful: false, close: false }).catch(() => {})
    throw err
  }
}

async function startWorkers(boss: PgBoss, options: WorkflowOptions, health: JobHealth): Promise<Workflows> {
  const { db } = options.database
  const { logger } = options
  await createQueues(db, [
    [QUEUES.reminder, { name: QUEUES.reminder, retryLimit: 10, retryBackoff: true }],
    [QUEUES.notification, { name: QUEUES.notification, retryLimit: 5, retryBackoff: true }],
    // Short: at most one run of an endpoint waits (others are absorbed). Runs take turns at an endpoint by
    // claiming it (see deliverWebhook), not by queue policy, so a run in flight, or orphaned by a dead
    // process, holds up its own endpoint only.
    [QUEUES.webhook, { name: QUEUES.webhook, policy: 'short', retryLimit: 10 }],
  ])

  const transport = options.smtp ? createTransport(options.smtp.url) : undefined
  const sender: NotificationSender = {
    db,
    mailer: transport && options.smtp ? { transport, from: options.smtp.from } : undefined,
  }
  // Without a mailer a notification is only ever kept, so the dispatcher stores it rendered at once.
  const dispatching = { notifications: sender.mailer ? 'queue' : 'store' } as const
  const delivery: WebhookDelivery = {
    db,
    scheduleMs: options.webhookScheduleMs ?? STANDARD_WEBHOOKS_SCHEDULE_MS,
    timeoutMs: options.webhookTimeoutMs ?? 15_000,
    allowInternalTargets: options.allowInternalWebhookTargets ?? false,
    requeue: async (webhookId, at) => {
      await boss.send(QUEUES.webhook, { webhookId }, { singletonKey: webhookId, ...(at ? { startAfter: at } : {}) })
    },
  }

  const work = { pollingIntervalSeconds: POLL_SECONDS }
  // pg-boss records a failed run on its job and retries it, and tells nobody: it is logged and counted here.
  const counted =
    <T>(queue: string, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>) =>
    async (jobs: PgBoss.Job<T>[]) => {
      try {
        await handler(jobs)
      } catch (err) {
        health.error(err, 'job failed; it is retried', { queue, jobs: jobs.map((job) => job.id) })
        throw err
      }
    }
  await boss.work<ReminderJob>(
    QUEUES.reminder,
    work,
    counted(QUEUES.reminder, async ([job]) => {
      if (job) await fireReminder(db, job.data)
    }),
  )
  let notificationWorker: string | undefined
  notificationWorker = await boss.work<NotificationJob>(
    QUEUES.notification,
    { ...work, batchSize: NOTIFICATION_JOBS_PER_RUN },
    counted(QUEUES.notification, async (jobs) => {
      await sendNotifications(sender, notificationsOf(jobs))
      // A full batch means more are waiting: fetch again at once instead of after the polling interval.
      // (Unset only while `work()` has yet to answer; the next poll comes soon enough then.)
      if (jobs.length === NOTIFICATION_JOBS_PER_RUN && notificationWorker) boss.notifyWorker(notificationWorker)
    }),
  )
  for (let n = 0; n < WEBHOOK_WORKERS; n++) {
    await boss.work<{ webhookId: string }>(
      QUEUES.webhook,
      work,
      counted(QUEUES.webhook, async ([job]) => {
        if (job) await deliverWebhook(delivery, job.data.webhookId)
      }),
    )
  }

  const retentionDays = options.eventRetentionDays
  const pruneOldData = async () => {
    // Expired keys are never replayed again, whatever the event retention, so they always go.
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(db)
    if (idempotencyKeys > 0) logger.info({ idempotencyKeys }, 'deleted expired idempotency keys')
    if (retentionDays === undefined) return
    const pruned = await pruneEvents(db, { olderThan: new Date(Date.now() - retentionDays * DAY_MS) })
    if (pruned.outboxEvents + pruned.notifications + pruned.webhookAttempts > 0) {
      logger.info(pruned, 'pruned old event data')
    }
  }
  let lastPrune = 0
  let pruning: Promise<void> | undefined
  let lastSweep = 0
  const dispatcher = startDispatcher(
    options.dispatchEveryMs ?? 1000,
    async () => {
      // A short batch took everything there was; the rest waits for the next tick.
      while ((await dispatchOutbox(db, boss, dispatching)) === OUTBOX_BATCH) {}
      // Not awaited: a first run over a long backlog must not hold up dispatching meanwhile.
      if (!pruning && Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now()
        pruning = pruneOldData()
          .catch((err: unknown) => health.error(err, 'pruning old data failed; retrying in an hour'))
          .finally(() => {
            pruning = undefined
          })
      }
      if (Date.now() - lastSweep < SWEEP_EVERY_MS) return
      lastSweep = Date.now()
      await sweepWebhooks(db, boss)
    },
    health,
  )

  health.started()
  return {
    stop: async () => {
      await dispatcher.stop()
      await pruning
      await boss.stop({ graceful: true, wait: true, timeout: options.webhookTimeoutMs ?? 15_000 })
      transport?.close()
      health.stopped()
    },
  }
}

function startDispatcher(everyMs: number, dispatch: () => Promise<void>, health: JobHealth) {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  const tick = () => {
    running = dispatch()
      .catch((err: unknown) => health.error(err, 'outbox dispatch failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs)
      })
  }
  tick()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
