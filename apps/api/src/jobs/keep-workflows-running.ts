import type { JobHealth } from './job-health.js'
import { startWorkflows, type WorkflowOptions, type Workflows } from './start-workflows.js'

/** Waits between failed starts: doubling from the first, up to the longest, each shortened by up to half at random. */
export interface StartBackoff {
  firstMs: number
  maxMs: number
}

const BACKOFF: StartBackoff = { firstMs: 1000, maxMs: 30_000 }

/**
 * Starts the jobs, and when a start fails (the database is down or refuses pg-boss's schema, say), logs
 * and counts it in `health` and tries again with backoff until one succeeds or `stop()` is called.
 * `health` says `running` from then on.
 * @example const workflows = keepWorkflowsRunning({ database, logger, health }); … await workflows.stop()
 */
export function keepWorkflowsRunning(
  options: WorkflowOptions & { health: JobHealth },
  backoff: StartBackoff = BACKOFF,
): Workflows {
  let stopping = false
  let wake = () => {}
  const started = (async (): Promise<Workflows | undefined> => {
    for (let failed = 0; !stopping; failed++) {
      try {
        return await startWorkflows(options)
      } catch (err) {
        if (stopping) return undefined
        const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** failed)
        // Jitter: processes that failed together (a database restart) do not all retry together.
        const waitMs = Math.round(ceiling * (0.5 + Math.random() / 2))
        options.health.startFailed(err, waitMs)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    }
    return undefined
  })()
  return {
    stop: async () => {
      stopping = true
      wake()
      // A start in progress finishes first, and is then stopped like any running jobs.
      const workflows = await started
      await workflows?.stop()
      options.health.stopped()
    },
  }
}
