import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { json } from '../../json.js'
import type { Database } from '../../schema.js'
import { type AppliedEffect, applied, type EffectMeta, type EffectOf, targetMissing } from './effect-result.js'

type CaseEffect = EffectOf<'case.'> | EffectOf<'user.anonymized'>

/**
 * Anonymization cases: `case.opened` mints one; approvals, reminders and `user.anonymized`
 * change the open case they name. Anonymizing also scrubs the user row.
 */
export async function applyCaseEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: CaseEffect,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  if (effect.kind === 'case.opened') {
    const caseId = randomUUID()
    await trx
      .insertInto('anonymization_cases')
      .values({
        id: caseId,
        org_id: orgId,
        subject: effect.subject,
        status: 'open',
        approvals: json([]),
        created_at: meta.at,
      })
      .execute()
    return applied(effect.subject, { caseId })
  }

  const openCase = trx
    .updateTable('anonymization_cases')
    .where('org_id', '=', orgId)
    .where('id', '=', effect.caseId)
    .where('status', '=', 'open')
  let update: typeof openCase
  if (effect.kind === 'case.approved') {
    const approver = sql`jsonb_build_array(${effect.approver}::text)`
    // Approving twice records one approval.
    update = openCase.set({
      approvals: sql<string>`case when approvals @> ${approver} then approvals else approvals || ${approver} end`,
    })
  } else if (effect.kind === 'case.reminder_set') {
    update = openCase.set({ reminder_at: new Date(effect.at) })
  } else {
    update = openCase.set({ status: 'anonymized', closed_at: meta.at })
  }
  const row = await update.returning('subject').executeTakeFirst()
  if (!row) throw targetMissing(effect, `open case ${effect.caseId}`)

  if (effect.kind === 'user.anonymized') {
    // Replaces everything that identifies the person; the id stays so history still joins up.
    // Anonymized once already (say, through another org), the person keeps the pseudonym they had.
    const pseudonym = sql<string>`coalesce(pseudonym, ${`anonymous-${randomUUID().slice(0, 8)}`}::text)`
    const user = await trx
      .updateTable('users')
      .set({ pseudonym, display_name: pseudonym, email: null, slack_user_id: null, anonymized_at: meta.at })
      .where('id', '=', effect.principal)
      .returning('id')
      .executeTakeFirst()
    if (!user) throw targetMissing(effect, `user ${effect.principal}`)
    return applied(effect.principal)
  }
  return applied(row.subject)
}
