import { type Kysely, sql } from 'kysely'
import { json } from '../json.js'
import { PREPARED } from '../prepared-statements.js'
import type { AuditEventRow, Database, NewOutboxEvent } from '../schema.js'
import type { AppliedEffects } from './apply-effects.js'
import type { IdempotencyClaim } from './begin-idempotent.js'
import type { EffectMeta, EffectOf } from './effects/effect-result.js'

export interface IfCurrentOptions {
  /** The org version the change was decided on; nothing is written unless the org is still at it. */
  expectedVersion: number
  /** A member whose `last_active_at` becomes `meta.at` with the change (the actor of an API command). */
  touchMember?: string | undefined
  /** Outbox events to insert with the change. */
  outbox?: readonly NewOutboxEvent[] | undefined
  /**
   * The Idempotency-Key claim of the request making the change: marked applied with it (as
   * `markIdempotentApplied` does), and nothing is written unless the claim is still the request's.
   */
  claim?: IdempotencyClaim | undefined
}

/**
 * Applies one role change as a compare-and-set on the org's version: a single statement, outside any
 * transaction, that bumps the version only if it still is `expectedVersion` and writes the change,
 * its audit event, the member's last activity, the outbox events and the idempotency mark only if it
 * did. Returns undefined when the org has moved on (or is gone), or the claim is no longer the request's,
 * having written nothing.
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
  // One text per kind of change, whatever the member or the number of outbox rows, so Postgres
  // parses and plans it once per connection (see PREPARED).
  const claim = options.claim
  // With a claim, the change is gated on it and marks it. The claim's row is locked first, so a retry
  // taking the key over waits for this statement and then finds it applied, rather than slipping in
  // between the gate and the mark.
  const idempotency = claim
    ? {
        held: sql`held as (select from idempotency_keys
        where scope = ${claim.scope} and key = ${claim.key} and claim = ${claim.token} and status = 'running'
        for update),`,
        gate: sql` and exists (select from held)`,
        marked: sql`
      marked as (update idempotency_keys set applied_at = ${at}, applied_version = (select version from bumped)
        where scope = ${claim.scope} and key = ${claim.key} and claim = ${claim.token} and exists (select from bumped)
        returning key),`,
      }
    : { held: sql``, gate: sql``, marked: sql`` }
  const { rows } = await sql<AuditEventRow & { org_version: number }>`${sql.raw(PREPARED)}
    with ${idempotency.held}
      bumped as (update orgs set version = version + 1
        where id = ${orgId} and version = ${options.expectedVersion}${idempotency.gate}
        returning version),
      changed as (${roleChange(orgId, effect, meta)}),${idempotency.marked}
      touched as (update memberships set last_active_at = ${at}
        where org_id = ${orgId} and user_id = ${options.touchMember ?? null} and exists (select from bumped)
        returning user_id),
      queued as (insert into outbox_events (event_id, org_id, type, at, actor, subject, recipients, data)
        select o.event_id, o.org_id, o.type, o.at, o.actor, o.subject, o.recipients, o.data
        from bumped, jsonb_to_recordset(${outboxJson(options.outbox ?? [])}::jsonb) as o (event_id text,
          org_id text, type text, at timestamptz, actor text, subject text, recipients jsonb, data jsonb)
        returning id)
    insert into audit_events (org_id, at, actor, type, subject, data, request_id)
    select ${orgId}, ${at}, ${meta.actor}, ${effect.kind}, ${effect.principal}, ${sql`${json(effect)}::jsonb`},
      ${meta.requestId ?? null}
    from bumped
    returning id, org_id, at, actor, type, subject, data, request_id,
      (select version from bumped) as org_version`.execute(db)
  const [row] = rows
  if (!row) return undefined
  const { org_version: version, ...event } = row
  return { version, ids: {}, events: [event] }
}

/**
 * The outbox rows as one JSON array for `jsonb_to_recordset`. Their `recipients` and `data` are
 * JSON text already, so they are spliced in rather than parsed and encoded again.
 */
function outboxJson(rows: readonly NewOutboxEvent[]): string {
  const objects = rows.map(
    (e) =>
      `{"event_id":${json(e.event_id)},"org_id":${json(e.org_id)},"type":${json(e.type)},` +
      `"at":${json(e.at)},"actor":${json(e.actor)},"subject":${json(e.subject ?? null)},` +
      `"recipients":${e.recipients ?? '[]'},"data":${e.data}}`,
  )
  return `[${objects.join(',')}]`
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
