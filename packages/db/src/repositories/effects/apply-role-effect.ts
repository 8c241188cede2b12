import type { Kysely } from 'kysely'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf } from './effect-result.js'

/** `role.granted` adds the assignment (granting twice keeps one); `role.revoked` removes it. */
export async function applyRoleEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  // Org-wide assignments are stored with context '' so the unique key covers them too.
  const context = effect.context ?? ''
  if (effect.kind === 'role.granted') {
    await trx
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
      .execute()
  } else {
    await trx
      .deleteFrom('role_assignments')
      .where('org_id', '=', orgId)
      .where('role', '=', effect.role)
      .where('principal_id', '=', effect.principal)
      .where('context', '=', context)
      .execute()
  }
  return applied(effect.principal)
}
