import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { AuditEventRow, Database, NewAuditEvent } from '../schema.js'
import { StorageError } from '../storage-error.js'
import { applyEffect } from './effects/apply-effect.js'
import type { EffectMeta, MintedIds } from './effects/effect-result.js'

export interface AppliedEffects {
  /** The org's version after the change: the consistency token to hand back to the client. */
  version: number
  /** Ids minted for new transfers, cases and invitations. */
  ids: MintedIds
  /** The audit events written, one per effect, in order. */
  events: AuditEventRow[]
}

/**
 * Writes an allowed decision's effects in order, one audit event per effect (its `data` is the
 * effect plus any id minted for it), and bumps the org's version once. No effects: nothing is
 * written and the version stays. Call it inside the transaction that locked the org.
 * @example const { version } = await applyEffects(trx, orgId, decision.effects, { actor, at: new Date() })
 */
export async function applyEffects(
  trx: Kysely<Database>,
  orgId: string,
  effects: readonly Effect[],
  meta: EffectMeta,
): Promise<AppliedEffects> {
  const bump = trx.updateTable('orgs').where('id', '=', orgId)
  const org =
    effects.length === 0
      ? await trx.selectFrom('orgs').select('version').where('id', '=', orgId).executeTakeFirst()
      : await bump
          .set((eb) => ({ version: eb('version', '+', 1) }))
          .returning('version')
          .executeTakeFirst()
  if (!org) throw new StorageError('ORG_NOT_FOUND', `No org ${orgId}`)
  if (effects.length === 0) return { version: org.version, ids: {}, events: [] }

  const ids: MintedIds = {}
  const events: AuditEventRow[] = []
  for (const effect of effects) {
    const { subject, minted } = await applyEffect(trx, orgId, effect, meta)
    Object.assign(ids, minted)
    const event: NewAuditEvent = {
      org_id: orgId,
      at: meta.at,
      actor: meta.actor,
      type: effect.kind,
      subject,
      data: json({ ...effect, ...minted }),
      request_id: meta.requestId ?? null,
    }
    events.push(await trx.insertInto('audit_events').values(event).returningAll().executeTakeFirstOrThrow())
  }
  return { version: org.version, ids, events }
}
