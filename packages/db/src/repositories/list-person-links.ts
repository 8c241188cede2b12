import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { Database } from '../schema.js'

/** The kinds of record that can name a person, in the order they are listed. */
export const PERSON_LINK_KINDS = [
  'roles_held',
  'roles_held_before',
  'audit_events_as_actor',
  'audit_events_as_subject',
  'ownership_transfers',
  'anonymization_cases',
  'invitations',
  'context_assignments',
] as const
export type PersonLinkKind = (typeof PERSON_LINK_KINDS)[number]

export interface PersonLinkGroup {
  kind: PersonLinkKind
  /** Every matching record; `items` shows at most `limit` of them, newest first where there is a time. */
  count: number
  items: Record<string, unknown>[]
}

/** Items listed per kind; the count always covers every record. */
export const PERSON_LINK_ITEMS = 50

/**
 * Every record in one org that names a person, grouped by kind with counts: what an approver reviews
 * before anonymizing (roles held now and before, audit events by and about them, transfers, cases,
 * invitations they received or sent, context assignments).
 * @example const groups = await listPersonLinks(db, 'acme', 'usr_zed')
 */
export async function listPersonLinks(
  trx: Kysely<Database>,
  orgId: string,
  person: string,
): Promise<PersonLinkGroup[]> {
  const limit = PERSON_LINK_ITEMS
  const audit = (column: 'actor' | 'subject') =>
    trx.selectFrom('audit_events').where('org_id', '=', orgId).where(column, '=', person)
  const auditItem = (e: { id: number; at: Date; type: string; actor: string; subject: string | null }) => ({
    id: e.id,
    at: e.at.toISOString(),
    type: e.type,
    actor: e.actor,
    subject: e.subject,
  })
  const auditColumns = ['id', 'at', 'type', 'actor', 'subject'] as const

  // One query after another: a transaction is one connection.
  const rolesNow = trx.selectFrom('role_assignments').where('org_id', '=', orgId).where('principal_id', '=', person)
  const revoked = audit('subject').where('type', '=', 'role.revoked')
  const transfers = trx
    .selectFrom('ownership_transfers')
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('from_principal', '=', person), eb('to_principal', '=', person)]))
  const cases = trx.selectFrom('anonymization_cases').where('org_id', '=', orgId).where('subject', '=', person)
  const invitations = trx
    .selectFrom('memberships')
    .where('org_id', '=', orgId)
    .where('invitation_id', 'is not', null)
    .where((eb) => eb.or([eb('user_id', '=', person), eb('invited_by', '=', person)]))
  const contexts = trx.selectFrom('context_assignments').where('org_id', '=', orgId).where('principal_id', '=', person)

  return [
    {
      kind: 'roles_held',
      count: await count(rolesNow),
      items: (
        await rolesNow.select(['role', 'context', 'granted_by', 'granted_at']).orderBy('role').limit(limit).execute()
      ).map((r) => ({
        role: r.role,
        context: r.context || null,
        grantedBy: r.granted_by,
        grantedAt: r.granted_at.toISOString(),
      })),
    },
    {
      kind: 'roles_held_before',
      count: await count(revoked),
      items: (await revoked.select(['id', 'at', 'actor', 'data']).orderBy('id', 'desc').limit(limit).execute()).map(
        (e) => ({
          eventId: e.id,
          role: e.data.role,
          context: e.data.context ?? null,
          revokedAt: e.at.toISOString(),
          revokedBy: e.actor,
          cause: e.data.cause,
        }),
      ),
    },
    {
      kind: 'audit_events_as_actor',
      count: await count(audit('actor')),
      items: (await audit('actor').select(auditColumns).orderBy('id', 'desc').limit(limit).execute()).map(auditItem),
    },
    {
      kind: 'audit_events_as_subject',
      count: await count(audit('subject')),
      items: (await audit('subject').select(auditColumns).orderBy('id', 'desc').limit(limit).execute()).map(auditItem),
    },
    {
      kind: 'ownership_transfers',
      count: await count(transfers),
      items: (
        await transfers
          .select(['id', 'role', 'from_principal', 'to_principal', 'status', 'created_at'])
          .orderBy('created_at', 'desc')
          .limit(limit)
          .execute()
      ).map((t) => ({
        id: t.id,
        role: t.role,
        from: t.from_principal,
        to: t.to_principal,
        status: t.status,
        createdAt: t.created_at.toISOString(),
      })),
    },
    {
      kind: 'anonymization_cases',
      count: await count(cases),
      items: (
        await cases.select(['id', 'status', 'created_at']).orderBy('created_at', 'desc').limit(limit).execute()
      ).map((c) => ({ id: c.id, status: c.status, createdAt: c.created_at.toISOString() })),
    },
    {
      kind: 'invitations',
      count: await count(invitations),
      items: (
        await invitations
          .select(['invitation_id', 'user_id', 'invited_by', 'status', 'created_at'])
          .orderBy('created_at', 'desc')
          .limit(limit)
          .execute()
      ).map((m) => ({
        invitationId: m.invitation_id,
        invitee: m.user_id,
        invitedBy: m.invited_by,
        status: m.status,
        createdAt: m.created_at.toISOString(),
      })),
    },
    {
      kind: 'context_assignments',
      count: await count(contexts),
      items: (await contexts.select(['context']).orderBy('context').limit(limit).execute()).map((c) => ({
        context: c.context,
      })),
    },
  ]
}

// biome-ignore lint/suspicious/noExplicitAny: counts any table's filtered rows
async function count(query: SelectQueryBuilder<Database, any, object>): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst()
  return Number(row?.n ?? 0)
}
