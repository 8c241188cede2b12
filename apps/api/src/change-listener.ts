import pg from 'pg'
import type { Logger } from 'pino'
import type { OrgStateCache } from './state-cache.js'

/** The Postgres channel every committed org change is announced on, as `<orgId> <version>`. */
export const CHANGES_CHANNEL = 'rolecall_org_changed'

/**
 * Listens for org changes made by other API processes on the same Postgres and drops their stale
 * cache entries. On a lost connection it clears the cache (changes may have been missed) and reconnects.
 */
export function listenForChanges(url: string, cache: OrgStateCache, logger: Logger): { close(): Promise<void> } {
  let client: pg.Client | undefined
  let closed = false
  let retry: NodeJS.Timeout | undefined

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url })
    next.on('notification', (msg) => {
      const [orgId, version] = (msg.payload ?? '').split(' ')
      if (orgId && version) cache.changed(orgId, Number(version))
    })
    next.on('error', (err) => {
      logger.warn({ err }, 'change listener lost its connection; reconnecting')
      cache.clear()
      void next.end().catch(() => {})
      schedule(1)
    })
    try {
      await next.connect()
      await next.query(`LISTEN ${CHANGES_CHANNEL}`)
      client = next
      // Anything cached before LISTEN started may have missed a change.
      cache.clear()
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

  void connect(0)
  return {
    close: async () => {
      closed = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
    },
  }
}
