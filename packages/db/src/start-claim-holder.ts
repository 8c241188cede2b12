import { CompiledQuery } from 'kysely'
import pg from 'pg'
import type { DatabaseHandle } from './create-database.js'

/**
 * The first key of every holder's advisory lock (`pg_advisory_lock(int, int)`), Rolecall's own, so the
 * lock stays apart from other advisory locks (pg-boss takes one-key locks, which never meet two-key ones).
 */
export const CLAIM_HOLDER_LOCK = 0x52434c4c

/** The holder's `application_name`, so an operator can tell its session apart in `pg_stat_activity`. */
export const CLAIM_HOLDER_APPLICATION_NAME = 'rolecall-claim-holder'

/**
 * Asks Postgres to probe the holder's socket, so a host that vanished without closing it (power loss,
 * a partition) releases its lock within about 15 s rather than the system's default of 2 hours.
 */
const KEEPALIVES = 'set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 5'

/** A process's proof of life for its Idempotency-Key claims. */
export interface ClaimHolder {
  /** The id its claims record (see `beginIdempotent`); undefined until the first lock is taken. */
  readonly id: number | undefined
  /** Lets go of the lock (and its session): claims still running are abandoned at once for retries. */
  close(): Promise<void>
}

export interface ClaimHolderOptions {
  /** Told when the holder's session is lost or cannot be opened; it keeps reconnecting on its own. */
  onError?: ((err: unknown) => void) | undefined
}

/**
 * Takes an id for this process from the `idempotency_holders` sequence and holds an advisory lock on it
 * for the process's life: on PostgreSQL from a session of its own, outside the pool (a pooled connection
 * goes back to the pool, and its locks with it); on PGlite from its one session, which ends only with the
 * process. Postgres releases the lock when the session ends, which it learns at once when the process
 * dies, so a claim naming a holder without its lock is one no process is running. If the session is lost
 * while the process lives, it reconnects and locks the same id again if it is free. Resolves after the
 * first attempt, successful or not.
 * @example const holder = await startClaimHolder(database); app.use(idempotency(db, logger, holder))
 */
export async function startClaimHolder(
  database: Pick<DatabaseHandle, 'db' | 'kind' | 'url'>,
  options: ClaimHolderOptions = {},
): Promise<ClaimHolder> {
  if (database.kind === 'pg') {
    if (!database.url)
      throw new Error('startClaimHolder needs the PostgreSQL url: a pooled connection cannot hold the lock')
    return holdOnPostgres(database.url, options.onError ?? (() => {}))
  }
  const query: Query = async (text, values) =>
    (await database.db.executeQuery(CompiledQuery.raw(text, values))).rows as never
  const id = await lockAnId(query, undefined)
  return {
    id,
    close: async () => {
      await query('select pg_advisory_unlock($1, $2)', [CLAIM_HOLDER_LOCK, id]).catch(() => {})
    },
  }
}

async function holdOnPostgres(url: string, onError: (err: unknown) => void): Promise<ClaimHolder> {
  let id: number | undefined
  let client: pg.Client | undefined
  let closed = false
  let retry: NodeJS.Timeout | undefined

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({
      connectionString: url,
      application_name: CLAIM_HOLDER_APPLICATION_NAME,
      keepAlive: true,
    })
    let lost = false
    const lose = (err: unknown) => {
      if (lost) return
      lost = true
      if (client === next) client = undefined
      void next.end().catch(() => {})
      if (closed) return
      onError(err)
      retry = setTimeout(() => void connect(attempt + 1), Math.min(5000, 100 * 2 ** attempt)).unref()
    }
    next.on('error', lose)
    next.on('end', () => lose(new Error('the claim holder session ended')))
    try {
      await next.connect()
      await next.query(KEEPALIVES)
      id = await lockAnId(async (text, values) => (await next.query(text, values)).rows, id)
      client = next
      attempt = 0
      if (closed) await next.end()
    } catch (err) {
      lose(err)
    }
  }

  await connect(0)
  return {
    get id() {
      return id
    },
    close: async () => {
      closed = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
    },
  }
}

type Query = <R>(text: string, values: unknown[]) => Promise<R[]>

/** Locks `previous` again when it is free, so the claims this process is running stay its own; else a new id. */
async function lockAnId(query: Query, previous: number | undefined): Promise<number> {
  if (previous !== undefined) {
    const [again] = await query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [
      CLAIM_HOLDER_LOCK,
      previous,
    ])
    if (again?.locked) return previous
  }
  const [fresh] = await query<{ id: number; locked: boolean }>(
    `select id, pg_try_advisory_lock($1, id) as locked from (select nextval('idempotency_holders')::int as id) as next`,
    [CLAIM_HOLDER_LOCK],
  )
  // Ids are never handed out twice, so only a sequence reset by hand could meet a lock already held.
  if (!fresh?.locked) throw new Error(`claim holder id ${fresh?.id} is locked by another session`)
  return fresh.id
}
