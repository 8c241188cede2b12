import type { Effect } from '@rolecall/core'
import { ORG_WIDE, type RoleChange } from '@rolecall/core'
import { type Database, isRoleEffect } from '@rolecall/db'
import type { Kysely } from 'kysely'
import { type OrgView, readOrg } from './commands/read-org.js'

/**
 * Org states kept in memory for checks and reads, never older than a caller can notice:
 * a write in this process replaces the entry as it commits, a write in another process drops it when
 * its Postgres notification arrives, and a caller holding a consistency token gets state at least that new.
 */
export class OrgStateCache {
  private readonly entries = new Map<string, OrgView>()
  /** The newest version heard of per org, so a load that raced a write is not cached as current. */
  private readonly latest = new Map<string, number>()
  /** Per org, the version a write of this process is committing and when it is done. */
  private readonly commits = new Map<string, { version: number; settled: Promise<void> }>()
  /** False while other processes' changes may go unheard: nothing is kept then, every read loads. */
  private hearing = true
  /** Moves on at every `clear()`, so a load that started before it is not kept after it. */
  private epoch = 0

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxEntries = 10_000,
  ) {}

  /** The org's state, at least as new as `minVersion` and as every change this process has heard of. */
  async get(orgId: string, minVersion = 0): Promise<OrgView> {
    const cached = this.fresh(orgId, minVersion)
    if (cached) return cached
    const epoch = this.epoch
    const view = await readOrg(this.db, orgId)
    if (epoch === this.epoch && view.org.version >= (this.latest.get(orgId) ?? 0)) this.keep(view)
    return view
  }

  /** What `get` answers without a load: the cached state when it is new enough, else undefined. */
  fresh(orgId: string, minVersion = 0): OrgView | undefined {
    const cached = this.entries.get(orgId)
    if (!cached) return undefined
    const floor = Math.max(minVersion, this.latest.get(orgId) ?? 0)
    return cached.org.version >= floor ? cached : undefined
  }

  /** The cached state if it is exactly `version` (a writer holding the org's lock knows the current one). */
  at(orgId: string, version: number): OrgView | undefined {
    const cached = this.entries.get(orgId)
    return cached?.org.version === version ? cached : undefined
  }

  /**
   * The state at exactly `version` for a writer holding the org's lock: the cached one, else the one
   * a commit of this process is about to keep (its COMMIT answer can arrive after the next writer's
   * lock), else `load()`.
   */
  async current(orgId: string, version: number, load: () => Promise<OrgView>): Promise<OrgView> {
    const cached = this.at(orgId, version)
    if (cached) return cached
    const commit = this.commits.get(orgId)
    if (commit?.version === version) {
      await commit.settled
      const kept = this.at(orgId, version)
      if (kept) return kept
    }
    return load()
  }

  /**
   * A write of this process is committing `version` of the org. Call the returned function once the
   * commit succeeded (after `advanced`) or failed; until then `current` waits for it.
   */
  committing(orgId: string, version: number): () => void {
    let done = () => {}
    const commit = { version, settled: new Promise<void>((resolve) => (done = resolve)) }
    this.commits.set(orgId, commit)
    return () => {
      done()
      if (this.commits.get(orgId) === commit) this.commits.delete(orgId)
    }
  }

  /** An org reached `version`: drop what is older. */
  changed(orgId: string, version: number): void {
    if (version > (this.latest.get(orgId) ?? 0)) this.latest.set(orgId, version)
    const cached = this.entries.get(orgId)
    if (cached && cached.org.version < version) this.entries.delete(orgId)
  }

  /**
   * A write in this process committed `effects` on `base` (the state it decided on, under the org's
   * lock), which made `version`. When the new state follows from `base` in memory it is kept, so the
   * next check or write on the org needs no reload; otherwise the older entry is dropped.
   */
  advanced(base: OrgView, effects: readonly Effect[], version: number): void {
    const orgId = base.org.id
    this.changed(orgId, version)
    // Anything newer already heard of (another process, a later write here) wins.
    if (version !== base.org.version + 1 || version < (this.latest.get(orgId) ?? 0)) return
    if ((this.entries.get(orgId)?.org.version ?? 0) >= version) return
    const next = advance(base, effects, version)
    if (next) this.keep(next)
  }

  /** Forget everything, e.g. when notifications may have been missed. */
  clear(): void {
    this.entries.clear()
    this.epoch++
  }

  /**
   * Whether other processes' changes reach this cache. While they do not (the listener lost its
   * connection and is reconnecting), it keeps nothing, so no state can be served older than another
   * process's write; once they do again, it starts empty.
   */
  setHearing(hearing: boolean): void {
    this.clear()
    this.hearing = hearing
  }

  private keep(view: OrgView): void {
    if (!this.hearing) return
    if (this.entries.size >= this.maxEntries) this.entries.clear()
    this.entries.set(view.org.id, view)
  }
}

/**
 * The view after role grants and revocations, as storage applies them (a grant of a held role and a
 * revocation of an unheld one change nothing); undefined for any other effect, whose rows only a
 * reload shows faithfully.
 */
function advance(base: OrgView, effects: readonly Effect[], version: number): OrgView | undefined {
  const changes: RoleChange[] = []
  for (const effect of effects) {
    if (!isRoleEffect(effect)) return undefined
    const op = effect.kind === 'role.granted' ? 'grant' : 'revoke'
    // Storage keeps org-wide assignments with context '', which is ORG_WIDE.
    changes.push({ op, role: effect.role, principal: effect.principal, context: effect.context || ORG_WIDE })
  }
  // Derived from the old index, not rebuilt: the cost follows the role holders, not the members.
  return { org: { ...base.org, version }, model: base.model, state: base.state.withRoleChanges(changes) }
}
