import type { Database } from '@rolecall/db'
import { type Kysely, sql } from 'kysely'
import type { Logger } from 'pino'
import { CHANGES_CHANNEL } from '../change-listener.js'
import type { WriteDeps } from './write-deps.js'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/** The first retry waits this long, each further one twice as long, up to `RETRY_MAX_MS`. */
const RETRY_FIRST_MS = 25
const RETRY_MAX_MS = 1000
/**
 * Retries stop when announcing has failed for this long. By then other processes' listeners have most
 * likely lost the same database too, and a listener that reconnects starts with an empty cache.
 */
const RETRY_FOR_MS = 60_000

/**
 * Changes committed since the last notify statement went out on one database. Sending one
 * statement at a time, with everything that arrived meanwhile, spends one round trip per batch
 * rather than per write, and costs an idle process no wait (the first change goes out at once).
 * Versions whose statement failed go back into the batch and are sent again after a backoff.
 */
class Announcer {
  #pending = new Map<string, number>()
  #waiters: Waiter[] = []
  #sending = false
  #retry: NodeJS.Timeout | undefined
  /** The current run of failed sends, until one goes through. */
  #streak: { since: number; failures: number } | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
  ) {}

  /** Resolves after the first attempt to send `version` succeeded; rejects if it failed (it is retried). */
  announce(orgId: string, version: number): Promise<void> {
    this.#keep(orgId, version)
    const sent = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }))
    // A new change goes out at once even while a retry waits: its writer is waiting to answer.
    this.#start()
    return sent
  }

  // Listeners only need the newest version of each org, so a newer pending one is never overwritten.
  #keep(orgId: string, version: number): void {
    if ((this.#pending.get(orgId) ?? 0) < version) this.#pending.set(orgId, version)
  }

  #start(): void {
    if (this.#sending) return
    clearTimeout(this.#retry)
    this.#sending = true
    void this.#send()
  }

  async #send(): Promise<void> {
    while (this.#pending.size > 0) {
      const versions = this.#pending
      const waiters = this.#waiters
      this.#pending = new Map()
      this.#waiters = []
      const payloads = [...versions].map(([orgId, version]) => `${orgId} ${version}`)
      try {
        // One text whatever the count: a select list of one call per org stops at 1,664, which the orgs
        // changed during an outage can pass.
        await sql`select pg_notify(${CHANGES_CHANNEL}, payload) from unnest(${payloads}::text[]) as payload`.execute(
          this.db,
        )
        this.#succeeded()
        for (const waiter of waiters) waiter.resolve()
      } catch (err) {
        this.#failed(versions, err)
        for (const waiter of waiters) waiter.reject(err)
        // Changes that arrived meanwhile get their first attempt now; retries alone wait for the backoff.
        if (this.#waiters.length === 0) break
      }
    }
    this.#sending = false
    if (this.#pending.size > 0 && this.#streak) {
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.#streak.failures - 1))
      // unref: a retry never keeps a process alive that has nothing else to do.
      this.#retry = setTimeout(() => this.#start(), delay).unref()
    }
  }

  #succeeded(): void {
    if (!this.#streak) return
    const failedForMs = Math.round(performance.now() - this.#streak.since)
    this.#streak = undefined
    this.logger.info({ failedForMs }, 'changes are announced to other processes again')
  }

  #failed(versions: Map<string, number>, err: unknown): void {
    const now = performance.now()
    this.#streak ??= { since: now, failures: 0 }
    this.#streak.failures++
    // Each write's own failure is logged by its caller; retries log only when they end, so an outage
    // does not flood the log.
    if (isDestroyed(err) || now - this.#streak.since >= RETRY_FOR_MS) {
      this.logger.warn({ err, orgs: versions.size }, 'stopped retrying to announce committed changes')
      this.#streak = undefined
      return
    }
    for (const [orgId, version] of versions) this.#keep(orgId, version)
  }
}

// Kysely's words for a database whose `destroy()` was called (at shutdown): no retry can succeed.
const isDestroyed = (err: unknown) => err instanceof Error && err.message === 'driver has already been destroyed'

const announcers = new WeakMap<Kysely<Database>, Announcer>()

/**
 * Tells other API processes that an org changed (as `<orgId> <version>` on `CHANGES_CHANNEL`);
 * resolves once the notification is sent, or has failed once. Call it after commit rather than inside
 * the transaction: notifying commits take turns in Postgres, which would cap write throughput. A process
 * that dies in between leaves others stale only until their next token-carrying read or the next change.
 *
 * It never rejects: the change is committed, so its caller answers with it (and an idempotent request
 * stores that answer) whatever happens here. A failure is logged and the notification is sent again in
 * the background, backing off from 25 ms to 1 s, until it (or a newer one for the org) goes through, the
 * database is closed, or announcing has failed for a minute. Meanwhile other processes keep their cached
 * state of the org until a read or check carrying the write's consistency token (never answered from
 * older state), the org's next announced change, or their listener losing its connection (which empties
 * their cache until it listens again), whichever comes first.
 * @example await announceChange(deps, orgId, outcome.version)
 */
export async function announceChange(deps: WriteDeps, orgId: string, version: number): Promise<void> {
  const db = deps.announceOn ?? deps.db
  let announcer = announcers.get(db)
  if (!announcer) {
    announcer = new Announcer(db, deps.logger)
    announcers.set(db, announcer)
  }
  try {
    await announcer.announce(orgId, version)
  } catch (err) {
    deps.logger.warn({ err, orgId, version }, 'a committed change was not announced to other processes')
  }
}
