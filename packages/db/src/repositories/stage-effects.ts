import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { Database } from '../schema.js'
import { applyEffect } from './effects/apply-effect.js'
import { type EffectMeta, type EffectOf, isRoleEffect, type MintedIds } from './effects/effect-result.js'
import type { AuditEntry } from './record-audit-event.js'

/** Effects applied ahead of an org's `writeOrgChange`, and what that statement has left to write. */
export interface StagedEffects {
  /** The lone role change the statement makes itself, when the effects are just that. */
  role?: EffectOf<'role.'> | undefined
  /** One audit entry per effect, in order: its data is the effect plus any id minted for it. */
  audit: AuditEntry[]
  /** The ids minted for each effect, in order. */
  minted: MintedIds[]
  /** Every id minted. */
  ids: MintedIds
}

/**
 * The effects' role change when it is the only one: a single row, nothing minted or read back, which
 * `writeOrgChange` makes within its own statement, so staging it writes nothing.
 * @example loneRoleChange([{ kind: 'role.granted', role: 'admin', principal: 'bo', context: null, cause: 'direct' }])
 */
export const loneRoleChange = (effects: readonly Effect[]): EffectOf<'role.'> | undefined => {
  const [first] = effects
  return effects.length === 1 && first && isRoleEffect(first) ? first : undefined
}

/**
 * Applies an allowed decision's effects in order, all but a lone role change (which `writeOrgChange`
 * makes), and returns their audit entries and minted ids for that statement. Rows an effect names
 * must exist: a miss throws `EFFECT_TARGET_MISSING`. Call it in the transaction that locked the org.
 * @example const staged = await stageEffects(trx, orgId, decision.effects, meta)
 */
export async function stageEffects(
  trx: Kysely<Database>,
  orgId: string,
  effects: readonly Effect[],
  meta: EffectMeta,
): Promise<StagedEffects> {
  const role = loneRoleChange(effects)
  if (role) return { role, audit: [effectAudit(role, role.principal, {})], minted: [{}], ids: {} }
  const staged: StagedEffects = { audit: [], minted: [], ids: {} }
  // One after another: later effects may read what earlier ones wrote (an invitation, then its roles).
  for (const effect of effects) {
    const { subject, minted } = await applyEffect(trx, orgId, effect, meta)
    Object.assign(staged.ids, minted)
    staged.minted.push(minted)
    staged.audit.push(effectAudit(effect, subject, minted))
  }
  return staged
}

const effectAudit = (effect: Effect, subject: string | null, minted: MintedIds): AuditEntry => ({
  type: effect.kind,
  subject,
  data: json({ ...effect, ...minted }),
})
