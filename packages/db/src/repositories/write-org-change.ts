import { type Kysely, sql } from 'kysely'
import { json } from '../json.js'
import { PREPARED } from '../prepared-statements.js'
import type { AuditEventRow, Database, NewOutboxEvent } from '../schema.js'
import type { IdempotencyClaim } from './begin-idempotent.js'
import { roleChange } from './effects/apply-role-effect.js'
import type { EffectMeta, EffectOf } from './effects/effect-result.js'
import { appliedMark, claimHeld } from './mark-idempotent-applied.js'
import type { AuditEntry } from './record-audit-event.js'

/** The ending of a change to an org, written by `writeOrgChange` in one statement. */
export interface OrgChange {
  /**
   * The org version the change was decided on: nothing is written unless the org is still at it
   * (compare-and-set). Absent when the caller holds the org's lock (`lockOrg`).
   */
  expectedVersion?: number | undefined
  /**
   * False for a change outside what the org's version covers (a profile, a webhook): the version stays,
   * and the claim's mark names none.
   */
  versioned?: boolean | undefined
  /** A role change made in the statement itself; any other effect was applied before it (`stageEffects`). */
  role?: EffectOf<'role.'> | undefined
  /** The change's audit events, in order. */
  audit: readonly AuditEntry[]
  /** A member whose `last_active_at` becomes `meta.at` with the change (the actor of an API command). */
  touchMember?: string | undefined
  /** The change's outbox events, in delivery order. */
  outbox?: readonly QueuedEvent[] | undefined
  /**
   * The Idempotency-Key claim of the request making the change: marked applied with it (the mark of
   * `markIdempotentApplied`), and nothing is written unless the claim is still the request's.
   */
  claim?: IdempotencyClaim | undefined
  /** What the claim's mark names as made (an invitation, a context), when the change names one. */
  subject?: string | undefined
}

/** An outbox event written with a change: delivered once, so it carries no dedupe key. */
export type QueuedEvent = Omit<NewOutboxEvent, 'id' | 'dedupe_key' | 'dispatched_at'>

export interface WrittenChange {
  /** The org's version after the change: the consistency token to hand back to the client. */
  version: number
  /** The audit events written, in order. */
  events: AuditEventRow[]
}

/**
 * Ends every change to an org in one statement: bumps its version, makes a lone role change, writes
 * the audit events, sets the acting member's last activity, queues the outbox events and marks the
 * request's Idempotency-Key applied. Each part is made only when the version moved, so the statement
 * writes everything or nothing; it returns undefined, having written nothing, when the org is gone,
 * has moved past `expectedVersion`, or the claim is no longer the request's.
 *
 * Under the org's lock it is the last statement of the transaction. Without it, given
 * `expectedVersion`, it is the whole write: every write bumps the version, so a decision made on the
 * state at `expectedVersion` is exactly as sound as one made under the lock (the UPDATE takes the
 * row's lock, and under READ COMMITTED a competing writer that committed first makes it match no
 * row), at one round trip instead of four.
 * @example const written = await writeOrgChange(trx, 'acme', meta, { audit: [auditEntry({ type: 'org.updated' })] })
 */
export async function writeOrgChange(
  db: Kysely<Database>,
  orgId: string,
  meta: EffectMeta,
  change: OrgChange,
): Promise<WrittenChange | undefined> {
  const at = sql`${meta.at}::timestamptz`
  const { claim, role } = change
  const versioned = change.versioned ?? true
  // The claim's row is locked first, so a retry taking the key over waits for this statement and then
  // finds it applied, rather than slipping in between the gate and the mark.
  const held = claim ? sql`held as (select from idempotency_keys where ${claimHeld(claim)} for update),` : sql``
  const gate = claim ? sql` and exists (select from held)` : sql``
  const expected = change.expectedVersion === undefined ? sql`` : sql` and version = ${change.expectedVersion}`
  const org = versioned
    ? sql`update orgs set version = version + 1 where id = ${orgId}${expected}${gate} returning version`
    : sql`select version from orgs where id = ${orgId}${gate}`
  const moved = sql`exists (select from bumped)`
  // Rows come from a JSON array crossed with the one row of `bumped`, a nested loop that keeps the
  // array's order: ids follow it. The statement ends in the audit events, returned with the new version.
  const audited = change.audit.length
    ? sql`insert into audit_events (org_id, at, actor, type, subject, data, request_id)
        select ${orgId}, ${at}, ${meta.actor}, a.type, a.subject, a.data, ${meta.requestId ?? null}
        from bumped, jsonb_to_recordset(${auditJson(change.audit)}::jsonb) as a (type text, subject text, data jsonb)
        returning *, (select version from bumped) as org_version`
    : sql`select version as org_version from bumped`
  // One text per kind of change (role, claim, compare-and-set, audited or not), whatever the rows, the
  // member or the outbox, so Postgres parses and plans it once per connection (see PREPARED).
  const { rows } = await sql<AuditEventRow & { org_version: number }>`${sql.raw(PREPARED)}
    with ${held}
      bumped as (${org}),
      ${role ? sql`changed as (${roleChange(orgId, role, meta, moved)}),` : sql``}
      ${claim ? sql`marked as (${appliedMark(claim, at, versioned ? sql`(select version from bumped)` : sql`null::int`, change.subject, moved)} returning key),` : sql``}
      touched as (update memberships set last_active_at = ${at}
        where org_id = ${orgId} and user_id = ${change.touchMember ?? null} and ${moved}
        returning user_id),
      queued as (insert into outbox_events (event_id, org_id, type, at, actor, subject, recipients, data)
        select o.event_id, o.org_id, o.type, o.at, o.actor, o.subject, o.recipients, o.data
        from bumped, jsonb_to_recordset(${outboxJson(change.outbox ?? [])}::jsonb) as o (event_id text,
          org_id text, type text, at timestamptz, actor text, subject text, recipients jsonb, data jsonb)
        returning id)
    ${audited}`.execute(db)
  const [first] = rows
  if (!first) return undefined
  const events = change.audit.length ? rows.map(({ org_version: _, ...event }) => event) : []
  return { version: first.org_version, events }
}

/** Rows as one JSON array for `jsonb_to_recordset`; their JSON columns are spliced in as the text they are. */
const auditJson = (entries: readonly AuditEntry[]): string =>
  `[${entries.map((e) => `{"type":${json(e.type)},"subject":${json(e.subject)},"data":${e.data}}`).join(',')}]`

const outboxJson = (rows: readonly QueuedEvent[]): string =>
  `[${rows
    .map(
      (e) =>
        `{"event_id":${json(e.event_id)},"org_id":${json(e.org_id)},"type":${json(e.type)},` +
        `"at":${json(e.at)},"actor":${json(e.actor)},"subject":${json(e.subject ?? null)},` +
        `"recipients":${e.recipients ?? '[]'},"data":${e.data}}`,
    )
    .join(',')}]`
