import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { json } from '../../json.js'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf, targetMissing } from './effect-result.js'

/**
 * `member.invited` and `member.activated` create or update the membership; `member.terminated`
 * ends it and drops the member's context assignments (their roles go by `role.revoked` effects).
 */
export async function applyMemberEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: EffectOf<'member.'>,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  const key = { org_id: orgId, user_id: effect.principal }
  switch (effect.kind) {
    case 'member.invited': {
      const invitationId = randomUUID()
      const invitation = {
        status: 'invited' as const,
        invited_by: meta.actor,
        invited_roles: json(effect.roles),
        invitation_id: invitationId,
        updated_at: meta.at,
      }
      await ensurePerson(trx, orgId, effect.principal)
      await trx
        .insertInto('memberships')
        .values({ ...key, ...invitation, created_at: meta.at })
        .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet(invitation))
        .execute()
      return applied(effect.principal, { invitationId })
    }
    case 'member.activated': {
      const active = { status: 'active' as const, last_active_at: meta.at, updated_at: meta.at }
      await ensurePerson(trx, orgId, effect.principal)
      await trx
        .insertInto('memberships')
        .values({ ...key, ...active, invited_roles: json([]), created_at: meta.at })
        .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet(active))
        .execute()
      return applied(effect.principal)
    }
    case 'member.terminated': {
      const ended = await trx
        .updateTable('memberships')
        .set({ status: 'terminated', updated_at: meta.at })
        .where('org_id', '=', orgId)
        .where('user_id', '=', effect.principal)
        .returning('user_id')
        .executeTakeFirst()
      if (!ended) throw targetMissing(effect, `membership of ${effect.principal}`)
      await trx
        .deleteFrom('context_assignments')
        .where('org_id', '=', orgId)
        .where('principal_id', '=', effect.principal)
        .execute()
      return applied(effect.principal)
    }
  }
}

/** Memberships reference the org's profile of the person; one the org knows nothing of yet gets a bare row. */
const ensurePerson = (trx: Kysely<Database>, orgId: string, userId: string) =>
  trx
    .insertInto('people')
    .values({ org_id: orgId, user_id: userId, display_name: userId })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
    .execute()
