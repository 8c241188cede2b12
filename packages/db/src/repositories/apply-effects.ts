import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import type { AuditEventRow, Database } from '../schema.js'
import { StorageError } from '../storage-error.js'
import type { EffectMeta, MintedIds } from './effects/effect-result.js'
import { lockOrg } from './lock-org.js'
import { stageEffects } from './stage-effects.js'
import { type QueuedEvent, writeOrgChange } from './write-org-change.js'

export interface AppliedEffects {
  /** The org's version after the change: the consistency token to hand back to the client. */
  version: number
  /** Ids minted for new transfers, cases and invitations. */
  ids: MintedIds
  /** The audit events written, one per effect, in order. */
  events: AuditEventRow[]
}

export interface ApplyOptions {
  /** This transaction already holds the org's row lock (`lockOrg`), so the org exists: skip taking it. */
  orgLocked?: boolean
  /** A member whose `last_active_at` becomes `meta.at` with the change (the actor of an API command). */
  touchMember?: string | undefined
  /** Outbox events to write with the change. */
  outbox?: readonly QueuedEvent[] | undefined
}

/**
 * Writes an allowed decision's effects in order, one audit event per effect (its `data` is the
 * effect plus any id minted for it), and bumps the org's version once: `stageEffects`, then
 * `writeOrgChange`. No effects: nothing is written and the version stays. Call it inside a
 * transaction; it locks the org row unless told that the transaction already did.
 * @example const { version } = await applyEffects(trx, orgId, decision.effects, { actor, at: new Date() })
 */
export async function applyEffects(
  trx: Kysely<Database>,
  orgId: string,
  effects: readonly Effect[],
  meta: EffectMeta,
  options: ApplyOptions = {},
): Promise<AppliedEffects> {
  if (effects.length === 0 || !options.orgLocked) {
    const org = await lockOrg(trx, orgId)
    if (!org) throw new StorageError('ORG_NOT_FOUND', `No org ${orgId}`)
    if (effects.length === 0) return { version: org.version, ids: {}, events: [] }
  }
  const staged = await stageEffects(trx, orgId, effects, meta)
  const written = await writeOrgChange(trx, orgId, meta, {
    role: staged.role,
    audit: staged.audit,
    touchMember: options.touchMember,
    outbox: options.outbox,
  })
  if (!written) throw new StorageError('ORG_NOT_FOUND', `No org ${orgId}`)
  return { version: written.version, ids: staged.ids, events: written.events }
}
