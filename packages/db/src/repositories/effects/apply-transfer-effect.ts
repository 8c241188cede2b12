import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, TransferStatus } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf, targetMissing } from './effect-result.js'

type TransferEffect = EffectOf<'transfer.'>

/**
 * `transfer.requested` opens a transfer (minting its id); the others close the open one they
 * name. Role changes a transfer brings come as their own `role.*` effects.
 */
export async function applyTransferEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: TransferEffect,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  if (effect.kind === 'transfer.requested') {
    const transferId = randomUUID()
    await trx
      .insertInto('ownership_transfers')
      .values({
        id: transferId,
        org_id: orgId,
        role: effect.role,
        from_principal: effect.from,
        to_principal: effect.to,
        status: 'open',
        former_holder: effect.formerHolder,
        expires_at: new Date(effect.expiresAt),
        created_at: meta.at,
      })
      .execute()
    return applied(effect.to, { transferId })
  }
  const row = await trx
    .updateTable('ownership_transfers')
    .set({ status: closedStatus(effect), closed_at: meta.at })
    .where('org_id', '=', orgId)
    .where('id', '=', effect.transferId)
    .where('status', '=', 'open')
    .returning('to_principal')
    .executeTakeFirst()
  if (!row) throw targetMissing(effect, `open transfer ${effect.transferId}`)
  return applied(row.to_principal)
}

function closedStatus(effect: Exclude<TransferEffect, { kind: 'transfer.requested' }>): TransferStatus {
  switch (effect.kind) {
    case 'transfer.accepted':
      return 'accepted'
    case 'transfer.declined':
      return 'declined'
    case 'transfer.cancelled':
      return 'cancelled'
    case 'transfer.voided':
      // An expired transfer gets its own status, so the history says why it ended.
      return effect.reason === 'expired' ? 'expired' : 'voided'
  }
}
