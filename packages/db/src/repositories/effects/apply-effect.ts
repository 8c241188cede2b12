import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import type { Database } from '../../schema.js'
import { applyCaseEffect } from './apply-case-effect.js'
import { applyContextEffect } from './apply-context-effect.js'
import { applyMemberEffect } from './apply-member-effect.js'
import { applyRoleEffect } from './apply-role-effect.js'
import { applyTransferEffect } from './apply-transfer-effect.js'
import type { AppliedEffect, EffectMeta } from './effect-result.js'

/**
 * Writes one effect's rows. Rows an effect names by id (transfers, cases, a terminated member)
 * must exist: a miss throws `EFFECT_TARGET_MISSING`, since the decision saw other state.
 */
export function applyEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: Effect,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  switch (effect.kind) {
    case 'role.granted':
    case 'role.revoked':
      return applyRoleEffect(trx, orgId, effect, meta)
    case 'transfer.requested':
    case 'transfer.accepted':
    case 'transfer.declined':
    case 'transfer.cancelled':
    case 'transfer.voided':
      return applyTransferEffect(trx, orgId, effect, meta)
    case 'member.invited':
    case 'member.activated':
    case 'member.terminated':
      return applyMemberEffect(trx, orgId, effect, meta)
    case 'context.assigned':
    case 'context.unassigned':
    case 'context.created':
      return applyContextEffect(trx, orgId, effect, meta)
    case 'case.opened':
    case 'case.approved':
    case 'case.reminder_set':
    case 'case.reminder_cleared':
    case 'user.anonymized':
      return applyCaseEffect(trx, orgId, effect, meta)
  }
}
