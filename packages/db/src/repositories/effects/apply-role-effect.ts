import type { Kysely, QueryCreator } from 'kysely'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf } from './effect-result.js'

/** `role.granted` adds the assignment (granting twice keeps one); `role.revoked` removes it. */
export async function applyRoleEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  await roleEffectQuery(trx, orgId, effect, meta).execute()
  return applied(effect.principal)
}

/**
 * The one statement a role effect is, unexecuted, so `applyEffects` can also send it as part of a
 * larger statement. It returns the principal of a row it changed.
 * @example await roleEffectQuery(trx, 'acme', effect, meta).execute()
 */
export function roleEffectQuery(
  trx: QueryCreator<Database>,
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
) {
  // Org-wide assignments are stored with context '' so the unique key covers them too.
  const context = effect.context ?? ''
  if (effect.kind === 'role.granted') {
    return trx
      .insertInto('role_assignments')
      .values({
        org_id: orgId,
        role: effect.role,
        principal_id: effect.principal,
        context,
        granted_by: meta.actor,
        granted_at: meta.at,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('principal_id')
  }
  return trx
    .deleteFrom('role_assignments')
    .where('org_id', '=', orgId)
    .where('role', '=', effect.role)
    .where('principal_id', '=', effect.principal)
    .where('context', '=', context)
    .returning('principal_id')
}
