import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { type OrgView, readOrg } from './commands/read-org.js'

/**
 * Org states kept in memory for checks and reads, never older than a caller can notice:
 * a write in this process drops the entry as it commits, a write in another process drops it when
 * its Postgres notification arrives, and a caller holding a consistency token gets state at least that new.
 */
export class OrgStateCache {
  private readonly entries = new Map<string, OrgView>()
  /** The newest version heard of per org, so a load that raced a write is not cached as current. */
  private readonly latest = new Map<string, number>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxEntries = 10_000,
  ) {}

  /** The org's state, at least as new as `minVersion` and as every change this process has heard of. */
  async get(orgId: string, minVersion = 0): Promise<OrgView> {
    const floor = Math.max(minVersion, this.latest.get(orgId) ?? 0)
    const cached = this.entries.get(orgId)
    if (cached && cached.org.version >= floor) return cached
    const view = await readOrg(this.db, orgId)
    if (view.org.version >= (this.latest.get(orgId) ?? 0)) {
      if (this.entries.size >= this.maxEntries) this.entries.clear()
      this.entries.set(orgId, view)
    }
    return view
  }

  /** The cached state if it is exactly `version` (a writer holding the org's lock knows the current one). */
  at(orgId: string, version: number): OrgView | undefined {
    const cached = this.entries.get(orgId)
    return cached?.org.version === version ? cached : undefined
  }

  /** An org reached `version`: drop what is older. */
  changed(orgId: string, version: number): void {
    if (version > (this.latest.get(orgId) ?? 0)) this.latest.set(orgId, version)
    const cached = this.entries.get(orgId)
    if (cached && cached.org.version < version) this.entries.delete(orgId)
  }

  /** Forget everything, e.g. when notifications may have been missed. */
  clear(): void {
    this.entries.clear()
  }
}
