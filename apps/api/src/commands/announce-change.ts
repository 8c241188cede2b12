import type { Database } from '@rolecall/db'
import { type Kysely, sql } from 'kysely'
import { CHANGES_CHANNEL } from '../change-listener.js'
import type { RouteDeps } from '../routes/route-deps.js'

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
}

/**
 * Changes committed since the last notify statement went out on one database. Sending one
 * statement at a time, with everything that arrived meanwhile, spends one round trip per batch
 * rather than per write, and costs an idle process no wait (the first change goes out at once).
 */
class Announcer {
  #pending = new Map<string, number>()
  #waiters: Waiter[] = []
  #sending = false

  constructor(private readonly db: Kysely<Database>) {}

  announce(orgId: string, version: number): Promise<void> {
    // Listeners only need the newest version of each org.
    if ((this.#pending.get(orgId) ?? 0) < version) this.#pending.set(orgId, version)
    const sent = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }))
    if (!this.#sending) {
      this.#sending = true
      void this.#send()
    }
    return sent
  }

  async #send(): Promise<void> {
    while (this.#pending.size > 0) {
      const versions = this.#pending
      const waiters = this.#waiters
      this.#pending = new Map()
      this.#waiters = []
      const calls = [...versions].map(
        ([orgId, version]) => sql`pg_notify(${CHANGES_CHANNEL}, ${`${orgId} ${version}`})`,
      )
      try {
        await sql`select ${sql.join(calls)}`.execute(this.db)
        for (const waiter of waiters) waiter.resolve()
      } catch (err) {
        for (const waiter of waiters) waiter.reject(err)
      }
    }
    this.#sending = false
  }
}

const announcers = new WeakMap<Kysely<Database>, Announcer>()

/**
 * Tells other API processes that an org changed (as `<orgId> <version>` on `CHANGES_CHANNEL`);
 * resolves once the notification is sent, or has failed. Call it after commit rather than inside the
 * transaction: notifying commits take turns in Postgres, which would cap write throughput. A process that
 * dies in between leaves others stale only until their next token-carrying read or the next change.
 *
 * It never rejects: the change is committed, so its caller answers with it (and an idempotent request
 * stores that answer) whatever happens here. A failure is logged, and other processes keep their cached
 * state of the org until a read or check carrying the write's consistency token (never answered from
 * older state), the org's next announced change, or their listener losing its connection (which empties
 * their cache until it listens again), whichever comes first.
 * @example await announceChange(deps, orgId, outcome.version)
 */
export async function announceChange(deps: RouteDeps, orgId: string, version: number): Promise<void> {
  const db = deps.announceOn ?? deps.db
  let announcer = announcers.get(db)
  if (!announcer) {
    announcer = new Announcer(db)
    announcers.set(db, announcer)
  }
  try {
    await announcer.announce(orgId, version)
  } catch (err) {
    deps.logger.warn({ err, orgId, version }, 'a committed change was not announced to other processes')
  }
}
