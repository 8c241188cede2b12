import { type Effect, teamroom } from '@rolecall/core'
import { createOrg, type Database, json, type NewAuditEvent } from '@rolecall/db'
import { type InsertObject, type Kysely, sql } from 'kysely'
import type { OrgSpec } from './teamroom-org.js'

const CHUNK = 1000

/**
 * Stores an org with the rows the API would have written for it: created by its founder (through
 * `createOrg`), every other member invited and then accepted, roles granted by the founder, each
 * change with its audit event. Rows go in bulk, since one statement per effect takes a minute for 2,000 members.
 */
export async function seedOrg(db: Kysely<Database>, spec: OrgSpec): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { org } = await createOrg(trx, {
      id: spec.id,
      name: `Bench ${spec.id}`,
      modelId: teamroom.id,
      features: { licensing: true },
      quotas: {},
      founder: spec.founder,
      founderRoles: teamroom.founderRoles,
    })
    const at = new Date(org.created_at.getTime() + 1000)
    const others = spec.members.filter((m) => m !== spec.founder)
    await insert(
      trx,
      'people',
      others.map((user_id) => ({ org_id: spec.id, user_id, display_name: user_id.replace(/^.*\./, 'User ') })),
    )
    await insert(
      trx,
      'memberships',
      others.map((user_id) => ({
        org_id: spec.id,
        user_id,
        status: 'active' as const,
        invited_by: spec.founder,
        invited_roles: json([]),
        invitation_id: crypto.randomUUID(),
        last_active_at: at,
        created_at: at,
        updated_at: at,
      })),
    )
    await insert(
      trx,
      'role_assignments',
      spec.grants.map(([role, principal_id, context]) => ({
        org_id: spec.id,
        role,
        principal_id,
        context: context ?? '',
        granted_by: spec.founder,
        granted_at: at,
      })),
    )
    const effects: Effect[] = [
      ...others.map((principal): Effect => ({ kind: 'member.invited', principal, roles: [] })),
      ...others.map((principal): Effect => ({ kind: 'member.activated', principal })),
      ...spec.grants.map(
        ([role, principal, context]): Effect => ({ kind: 'role.granted', role, principal, context, cause: 'direct' }),
      ),
    ]
    await insert(
      trx,
      'audit_events',
      effects.map(
        (effect): NewAuditEvent => ({
          org_id: spec.id,
          at,
          actor: spec.founder,
          type: effect.kind,
          subject: 'principal' in effect ? effect.principal : null,
          data: json(effect),
          request_id: null,
        }),
      ),
    )
    // One version per seeding step, as if each had been one request.
    await trx.updateTable('orgs').set({ version: sql<number>`version + 3` }).where('id', '=', spec.id).execute()
  })
}

async function insert<T extends keyof Database & string>(
  trx: Kysely<Database>,
  table: T,
  rows: InsertObject<Database, T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute()
}
