import type { Logger } from 'pino'

/** What `/readyz` reports of the job system; counts since the process started. */
export interface JobsReport {
  /** `starting` until the queues exist and every worker polls; `stopped` once shut down. */
  status: 'starting' | 'running' | 'stopped'
  /** Failed statements of the job queue, failed job runs and failed dispatches since the jobs started. */
  errors: number
  /** Attempts to start the job system that failed (each retried with backoff). */
  failedStarts: number
  /** When the last of either happened, ISO 8601; `null` if never. */
  lastErrorAt: string | null
}

/**
 * The job system's state and its failures, for the log and for `/readyz`: every error is logged here
 * and counted once, whichever layer meets it first (pg-boss, a worker, the dispatcher).
 * @example const health = new JobHealth(logger); health.error(err, 'outbox dispatch failed'); health.report()
 */
export class JobHealth {
  private status: JobsReport['status'] = 'starting'
  private errors = 0
  private failedStarts = 0
  private lastErrorAt: Date | undefined
  // One failure travels up through several layers (a statement, then the job run it failed): count it once.
  private readonly counted = new WeakSet<object>()

  constructor(private readonly logger: Logger) {}

  get running(): boolean {
    return this.status === 'running'
  }

  /** Logs and counts a failure of the running job system. */
  error(err: unknown, message: string, context: Record<string, unknown> = {}): void {
    if (typeof err === 'object' && err !== null) {
      if (this.counted.has(err)) return
      this.counted.add(err)
    }
    this.errors++
    this.lastErrorAt = new Date()
    this.logger.error({ err, ...context }, message)
  }

  /** Logs and counts a start that failed; the caller retries after `retryInMs`. */
  startFailed(err: unknown, retryInMs: number): void {
    this.failedStarts++
    this.lastErrorAt = new Date()
    this.logger.error(
      { err, failedStarts: this.failedStarts, retryInMs },
      'jobs did not start; events wait in the outbox until a retry succeeds',
    )
  }

  started(): void {
    this.status = 'running'
    if (this.failedStarts > 0) this.logger.info({ failedStarts: this.failedStarts }, 'jobs started')
  }

  stopped(): void {
    this.status = 'stopped'
  }

  report(): JobsReport {
    return {
      status: this.status,
      errors: this.errors,
      failedStarts: this.failedStarts,
      lastErrorAt: this.lastErrorAt?.toISOString() ?? null,
    }
  }
}
