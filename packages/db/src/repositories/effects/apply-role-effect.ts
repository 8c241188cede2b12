import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf } from './effect-result.js'

/** `role.granted` adds the assignment (granting twice keeps one); `role.revoked` removes it. */
export async function applyRoleEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  await roleChange(orgId, effect, meta).execute(trx)
  return applied(effect.principal)
}

/**
 * The one statement a role effect is, made on its own or, given `onlyIf`, as a part of a larger
 * statement that makes it only when that holds (`writeOrgChange`: when the org's version moved). It
 * returns the principal of a row it changed.
 * @example await roleChange('acme', effect, meta).execute(trx)
 */
export function roleChange(
  orgId: string,
  effect: EffectOf<'role.'>,
  meta: EffectMeta,
  onlyIf: RawBuilder<unknown> = sql`true`,
): RawBuilder<{ principal_id: string }> {
  // Org-wide assignments are stored with context '' so the unique key covers them too.
  const context = effect.context ?? ''
  if (effect.kind === 'role.granted') {
    return sql`insert into role_assignments (org_id, role, principal_id, context, granted_by, granted_at)
      select ${orgId}, ${effect.role}, ${effect.principal}, ${context}, ${meta.actor}, ${meta.at}::timestamptz
      where ${onlyIf}
      on conflict do nothing returning principal_id`
  }
  return sql`delete from role_assignments
    where org_id = ${orgId} and role = ${effect.role} and principal_id = ${effect.principal} and context = ${context}
      and ${onlyIf}
    returning principal_id`
}
