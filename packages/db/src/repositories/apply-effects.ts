import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { AuditEventRow, Database, NewAuditEvent, NewOutboxEvent } from '../schema.js'
import { StorageError } from '../storage-error.js'
import { applyEffect } from './effects/apply-effect.js'
import { roleEffectQuery } from './effects/apply-role-effect.js'
import { applied, type EffectMeta, isRoleEffect, type MintedIds } from './effects/effect-result.js'
import { lockOrg } from './lock-org.js'

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
  /** Outbox events to insert in the same statement, when they do not depend on what it writes. */
  outbox?: readonly NewOutboxEvent[] | undefined
}

/**
 * Writes an allowed decision's effects in order, one audit event per effect (its `data` is the
 * effect plus any id minted for it), and bumps the org's version once. No effects: nothing is
 * written and the version stays. Call it inside a transaction; it locks the org row unless told
 * that the transaction already did.
 *
 * The org lock is held until commit, so round trips are what limit writes per org: the version
 * bump, every audit event, the member's last activity, a lone role change and any outbox events
 * given go to the server as one statement.
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

  // A lone role change (most commands) rides along in the final statement; anything else goes
  // first, effect by effect, since the parts of one statement cannot see each other's writes.
  const [first] = effects
  const lone = effects.length === 1 && first && isRoleEffect(first)
  const ids: MintedIds = {}
  const audit: NewAuditEvent[] = []
  for (const effect of effects) {
    const { subject, minted } = lone ? applied(first.principal) : await applyEffect(trx, orgId, effect, meta)
    Object.assign(ids, minted)
    audit.push({
      org_id: orgId,
      at: meta.at,
      actor: meta.actor,
      type: effect.kind,
      subject,
      data: json({ ...effect, ...minted }),
      request_id: meta.requestId ?? null,
    })
  }

  // Data-modifying CTEs run once each, whether or not the insert reads them; rows are numbered in order.
  const touch = options.touchMember
  const outbox = options.outbox ?? []
  const rows = await trx
    .with('changed', (db) =>
      lone
        ? roleEffectQuery(db, orgId, first, meta)
        : // Already written above: a part that matches no row keeps the statement's shape.
          db
            .deleteFrom('role_assignments')
            .where((eb) => eb.lit(false))
            .returning('principal_id'),
    )
    .with('bumped', (db) =>
      db
        .updateTable('orgs')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', orgId)
        .returning('version'),
    )
    .with('touched', (db) =>
      db
        .updateTable('memberships')
        .set({ last_active_at: meta.at })
        .where('org_id', '=', orgId)
        .where((eb) => (touch === undefined ? eb.lit(false) : eb('user_id', '=', touch)))
        .returning('user_id'),
    )
    .with('queued', (db) =>
      outbox.length > 0
        ? db.insertInto('outbox_events').values(outbox).returning('id')
        : db
            .deleteFrom('outbox_events')
            .where((eb) => eb.lit(false))
            .returning('id'),
    )
    .insertInto('audit_events')
    .values(audit)
    .returningAll()
    .returning((eb) => eb.selectFrom('bumped').select('version').as('org_version'))
    .execute()
  const version = rows[0]?.org_version
  if (version === undefined || version === null) throw new StorageError('ORG_NOT_FOUND', `No org ${orgId}`)
  const events = rows.map(({ org_version: _, ...event }) => event)
  return { version, ids, events }
}
