import type { Effect } from '@rolecall/core'
import { StorageError } from '../../storage-error.js'

export interface EffectMeta {
  /** The principal the change is made for; recorded on grants and in the audit trail. */
  actor: string
  at: Date
  requestId?: string | undefined
}

/** Ids storage mints while applying effects; the engine cannot know them in advance. */
export interface MintedIds {
  transferId?: string
  caseId?: string
  invitationId?: string
}

export interface AppliedEffect {
  /** The principal the effect concerns, for the audit event's `subject`. */
  subject: string | null
  minted: MintedIds
}

/** The effects of one family, e.g. `EffectOf<'transfer.'>` for every `transfer.*` kind. */
export type EffectOf<Prefix extends string> = Extract<Effect, { kind: `${Prefix}${string}` }>

/** Whether an effect is a role grant or revocation: one row, nothing minted, nothing read back. */
export const isRoleEffect = (effect: Effect): effect is EffectOf<'role.'> =>
  effect.kind === 'role.granted' || effect.kind === 'role.revoked'

export const applied = (subject: string | null, minted: MintedIds = {}): AppliedEffect => ({ subject, minted })

/** A named row is missing: the decision was made on other state than what is stored. */
export const targetMissing = (effect: Effect, what: string): StorageError =>
  new StorageError('EFFECT_TARGET_MISSING', `${effect.kind}: no ${what} in this org`)
