import { type Kysely, type RawBuilder, sql } from 'kysely'
import { json } from '../json.js'
import type { AuditEventRow, Database, NewOutboxEvent } from '../schema.js'
import type { AppliedEffects } from './apply-effects.js'
import type { EffectMeta, EffectOf } from './effects/effect-result.js'

export interface IfCurrentOptions {
  /** The org version the change was decided on; nothing is written unless the org is still at it. */
  expectedVersion: number
  /** A member whose `last_active_at` becomes `meta.at` with the change (the actor of an API command). */
  touchMember?: string | undefined
  /** Outbox events to insert with the change. */
  outbox?: readonly NewOutboxEvent[] | undefined
}

/**
 * Applies one role change as a compare-and-set on the org's version: a single statement, outside any
 * transaction, that bumps the version only if it still is `expectedVersion` and writes the change,
 * its audit event, the member's last activity and the outbox events only if it did. Returns
 * undefined when the org has moved on (or is gone), having written nothing.
 *
 * Every write bumps the version, so a decision made on the state at `expectedVersion` is exactly as
 * sound as one made under the org's row lock: the UPDATE takes that lock, and under READ COMMITTED a
 * competing writer that committed first makes it match no row. It costs one round trip where the
 * locked path (`lockOrg` then `applyEffects`) costs four, and holds the lock only while it runs.
 * @example const applied = await applyRoleChangeIfCurrent(db, 'acme', effect, meta, { expectedVersion: 7 })
 */
export async function applyRoleChangeIfCurrent(
  db: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
  options: IfCurrentOptions,
): Promise<AppliedEffects | undefined> {
  const at = sql`${meta.at}::timestamptz`
  const parts: RawBuilder<unknown>[] = [
    sql`bumped as (update orgs set version = version + 1
      where id = ${orgId} and version = ${options.expectedVersion} returning version)`,
    sql`changed as (${roleChange(orgId, effect, meta)})`,
  ]
  if (options.touchMember !== undefined) {
    parts.push(sql`touched as (update memberships set last_active_at = ${at}
      where org_id = ${orgId} and user_id = ${options.touchMember} and exists (select from bumped) returning user_id)`)
  }
  const outbox = options.outbox ?? []
  if (outbox.length > 0) {
    const rows = outbox.map(
      (e) =>
        sql`(${e.event_id}, ${e.org_id}, ${e.type}, ${sql`${e.at}::timestamptz`}, ${e.actor}, ${e.subject ?? null},
          ${sql`${e.recipients ?? '[]'}::jsonb`}, ${sql`${e.data}::jsonb`})`,
    )
    parts.push(sql`queued as (insert into outbox_events (event_id, org_id, type, at, actor, subject, recipients, data)
      select o.* from bumped, (values ${sql.join(rows)}) as o (event_id, org_id, type, at, actor, subject, recipients, data)
      returning id)`)
  }
  const { rows } = await sql<AuditEventRow & { org_version: number }>`
    with ${sql.join(parts)}
    insert into audit_events (org_id, at, actor, type, subject, data, request_id)
    select ${orgId}, ${at}, ${meta.actor}, ${effect.kind}, ${effect.principal}, ${sql`${json(effect)}::jsonb`},
      ${meta.requestId ?? null}
    from bumped
    returning *, (select version from bumped) as org_version`.execute(db)
  const [row] = rows
  if (!row) return undefined
  const { org_version: version, ...event } = row
  return { version, ids: {}, events: [event] }
}

/** The role change itself, as `roleEffectQuery` writes it, made only when `bumped` matched. */
function roleChange(orgId: string, effect: EffectOf<'role.'>, meta: EffectMeta) {
  // Org-wide assignments are stored with context '' so the unique key covers them too.
  const context = effect.context ?? ''
  if (effect.kind === 'role.granted') {
    return sql`insert into role_assignments (org_id, role, principal_id, context, granted_by, granted_at)
      select ${orgId}, ${effect.role}, ${effect.principal}, ${context}, ${meta.actor}, ${sql`${meta.at}::timestamptz`}
      from bumped
      on conflict do nothing returning principal_id`
  }
  return sql`delete from role_assignments
    where org_id = ${orgId} and role = ${effect.role} and principal_id = ${effect.principal} and context = ${context}
      and exists (select from bumped)
    returning principal_id`
}
