import { type Kysely, sql } from 'kysely'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf } from './effect-result.js'

/** The usage counter each created context kind counts against (the quotas use the same names). */
const USAGE_COUNTER = { team: 'teams', folder: 'folders' } as const

/** `context.assigned` / `context.unassigned` change a member's contexts; `context.created` adds one and counts it. */
export async function applyContextEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'context.'>,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  switch (effect.kind) {
    case 'context.assigned':
      await trx
        .insertInto('context_assignments')
        .values({ org_id: orgId, principal_id: effect.principal, context: effect.context })
        .onConflict((oc) => oc.doNothing())
        .execute()
      return applied(effect.principal)
    case 'context.unassigned':
      await trx
        .deleteFrom('context_assignments')
        .where('org_id', '=', orgId)
        .where('principal_id', '=', effect.principal)
        .where('context', '=', effect.context)
        .execute()
      return applied(effect.principal)
    case 'context.created': {
      // Without a display name, the id stands in for it.
      await trx
        .insertInto('contexts')
        .values({
          org_id: orgId,
          id: effect.context,
          kind: effect.contextKind,
          name: effect.name ?? effect.context,
          created_at: meta.at,
        })
        .execute()
      const counter = USAGE_COUNTER[effect.contextKind]
      await trx
        .updateTable('orgs')
        .set({
          usage: sql<string>`jsonb_set(usage, array[${counter}::text], to_jsonb(coalesce((usage ->> ${counter})::bigint, 0) + 1))`,
        })
        .where('id', '=', orgId)
        .execute()
      return applied(null)
    }
  }
}
