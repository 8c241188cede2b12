import pg from 'pg'
import type { Logger } from 'pino'
import type { OrgStateCache } from './state-cache.js'

/** The Postgres channel every committed org change is announced on, as `<orgId> <version>`. */
export const CHANGES_CHANNEL = 'rolecall_org_changed'

/** The listener's `application_name`, so an operator can tell its connection apart in `pg_stat_activity`. */
export const LISTENER_APPLICATION_NAME = 'rolecall-change-listener'

/**
 * Listens for org changes made by other API processes on the same Postgres and drops their stale
 * cache entries. Until it listens, and whenever it has lost its connection and is reconnecting, the
 * cache keeps nothing (changes may go unheard), so every check and read loads from the database.
 */
export function listenForChanges(url: string, cache: OrgStateCache, logger: Logger): { close(): Promise<void> } {
  let client: pg.Client | undefined
  let closed = false
  let retry: NodeJS.Timeout | undefined

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME })
    next.on('notification', (msg) => {
      const [orgId, version] = (msg.payload ?? '').split(' ')
      if (orgId && version) cache.changed(orgId, Number(version))
    })
    next.on('error', (err) => {
      logger.warn({ err }, 'change listener lost its connection; reconnecting')
      cache.setHearing(false)
      void next.end().catch(() => {})
      schedule(1)
    })
    try {
      await next.connect()
      await next.query(`LISTEN ${CHANGES_CHANNEL}`)
      client = next
      cache.setHearing(true)
    } catch (err) {
      logger.warn({ err, attempt }, 'change listener cannot connect; retrying')
      void next.end().catch(() => {})
      schedule(attempt + 1)
    }
  }
  const schedule = (attempt: number) => {
    if (closed) return
    retry = setTimeout(() => void connect(attempt), Math.min(5000, 100 * 2 ** attempt)).unref()
  }

  cache.setHearing(false)
  void connect(0)
  return {
    close: async () => {
      closed = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
    },
  }
}
