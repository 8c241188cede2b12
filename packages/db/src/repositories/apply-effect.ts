import { randomUUID } from 'node:crypto'
import type { Effect } from '@rolecall/core'
import { type Kysely, sql } from 'kysely'
import { json } from '../json.js'
import type { Database, TransferStatus } from '../schema.js'
import { StorageError } from '../storage-error.js'

export interface EffectMeta {
  /** The principal the change is made for; recorded on grants and in the audit trail. */
  actor: string
  at: Date
  requestId?: string | undefined
}

/** Ids storage mints while applying effects; the engine cannot know them in advance. */
export interface MintedIds {
  transferId?: string
  caseId?: string
  invitationId?: string
}

export interface AppliedEffect {
  /** The principal the effect concerns, for the audit event's `subject`. */
  subject: string | null
  minted: MintedIds
}

const USAGE_COUNTER = { team: 'teams', folder: 'folders' } as const

const CLOSED_TRANSFER_STATUS = {
  'transfer.accepted': 'accepted',
  'transfer.declined': 'declined',
  'transfer.cancelled': 'cancelled',
} as const satisfies Record<string, TransferStatus>

/**
 * Applies one effect's rows. Ids an effect names (transfers, cases, terminated members) must
 * exist: a miss means the decision was made on state other than what is stored, so it throws.
 */
export async function applyEffect(
  trx: Kysely<Database>,
  orgId: string,
  effect: Effect,
  meta: EffectMeta,
): Promise<AppliedEffect> {
  switch (effect.kind) {
    case 'role.granted':
      await trx
        .insertInto('role_assignments')
        .values({
          org_id: orgId,
          role: effect.role,
          principal_id: effect.principal,
          context: effect.context ?? '',
          granted_by: meta.actor,
          granted_at: meta.at,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
      return done(effect.principal)
    case 'role.revoked':
      await trx
        .deleteFrom('role_assignments')
        .where('org_id', '=', orgId)
        .where('role', '=', effect.role)
        .where('principal_id', '=', effect.principal)
        .where('context', '=', effect.context ?? '')
        .execute()
      return done(effect.principal)
    case 'transfer.requested': {
      const transferId = randomUUID()
      await trx
        .insertInto('ownership_transfers')
        .values({
          id: transferId,
          org_id: orgId,
          role: effect.role,
          from_principal: effect.from,
          to_principal: effect.to,
          status: 'open',
          former_holder: effect.formerHolder,
          expires_at: new Date(effect.expiresAt),
          created_at: meta.at,
        })
        .execute()
      return done(effect.to, { transferId })
    }
    case 'transfer.accepted':
    case 'transfer.declined':
    case 'transfer.cancelled':
      return done(await closeTransfer(trx, orgId, effect.transferId, CLOSED_TRANSFER_STATUS[effect.kind], meta.at))
    case 'transfer.voided': {
      const status = effect.reason === 'expired' ? 'expired' : 'voided'
      return done(await closeTransfer(trx, orgId, effect.transferId, status, meta.at))
    }
    case 'member.invited': {
      const invitationId = randomUUID()
      await ensureUser(trx, effect.principal)
      await trx
        .insertInto('memberships')
        .values({
          org_id: orgId,
          user_id: effect.principal,
          status: 'invited',
          invited_by: meta.actor,
          invited_roles: json(effect.roles),
          invitation_id: invitationId,
          created_at: meta.at,
          updated_at: meta.at,
        })
        .onConflict((oc) =>
          oc.columns(['org_id', 'user_id']).doUpdateSet({
            status: 'invited',
            invited_by: meta.actor,
            invited_roles: json(effect.roles),
            invitation_id: invitationId,
            updated_at: meta.at,
          }),
        )
        .execute()
      return done(effect.principal, { invitationId })
    }
    case 'member.activated':
      await ensureUser(trx, effect.principal)
      await trx
        .insertInto('memberships')
        .values({
          org_id: orgId,
          user_id: effect.principal,
          status: 'active',
          invited_roles: json([]),
          last_active_at: meta.at,
          created_at: meta.at,
          updated_at: meta.at,
        })
        .onConflict((oc) =>
          oc.columns(['org_id', 'user_id']).doUpdateSet({ status: 'active', last_active_at: meta.at, updated_at: meta.at }),
        )
        .execute()
      return done(effect.principal)
    case 'member.terminated': {
      const ended = await trx
        .updateTable('memberships')
        .set({ status: 'terminated', updated_at: meta.at })
        .where('org_id', '=', orgId)
        .where('user_id', '=', effect.principal)
        .returning('user_id')
        .executeTakeFirst()
      if (!ended) throw missing(effect, `membership of ${effect.principal}`)
      await trx
        .deleteFrom('context_assignments')
        .where('org_id', '=', orgId)
        .where('principal_id', '=', effect.principal)
        .execute()
      return done(effect.principal)
    }
    case 'context.assigned':
      await trx
        .insertInto('context_assignments')
        .values({ org_id: orgId, principal_id: effect.principal, context: effect.context })
        .onConflict((oc) => oc.doNothing())
        .execute()
      return done(effect.principal)
    case 'context.unassigned':
      await trx
        .deleteFrom('context_assignments')
        .where('org_id', '=', orgId)
        .where('principal_id', '=', effect.principal)
        .where('context', '=', effect.context)
        .execute()
      return done(effect.principal)
    case 'context.created': {
      // The effect carries no display name yet, so the id stands in for it.
      await trx
        .insertInto('contexts')
        .values({ org_id: orgId, id: effect.context, kind: effect.contextKind, name: effect.context, created_at: meta.at })
        .execute()
      const counter = USAGE_COUNTER[effect.contextKind]
      await trx
        .updateTable('orgs')
        .set({
          usage: sql<string>`jsonb_set(usage, array[${counter}::text], to_jsonb(coalesce((usage ->> ${counter})::bigint, 0) + 1))`,
        })
        .where('id', '=', orgId)
        .execute()
      return done(null)
    }
    case 'case.opened': {
      const caseId = randomUUID()
      await trx
        .insertInto('anonymization_cases')
        .values({ id: caseId, org_id: orgId, subject: effect.subject, status: 'open', approvals: json([]), created_at: meta.at })
        .execute()
      return done(effect.subject, { caseId })
    }
    case 'case.approved': {
      const approver = sql`jsonb_build_array(${effect.approver}::text)`
      const row = await openCase(trx, orgId, effect.caseId)
        // Approving twice records one approval.
        .set({ approvals: sql<string>`case when approvals @> ${approver} then approvals else approvals || ${approver} end` })
        .returning('subject')
        .executeTakeFirst()
      if (!row) throw missing(effect, `open case ${effect.caseId}`)
      return done(row.subject)
    }
    case 'case.reminder_set': {
      const row = await openCase(trx, orgId, effect.caseId)
        .set({ reminder_at: new Date(effect.at) })
        .returning('subject')
        .executeTakeFirst()
      if (!row) throw missing(effect, `open case ${effect.caseId}`)
      return done(row.subject)
    }
    case 'user.anonymized': {
      const closed = await openCase(trx, orgId, effect.caseId)
        .set({ status: 'anonymized', closed_at: meta.at })
        .returning('subject')
        .executeTakeFirst()
      if (!closed) throw missing(effect, `open case ${effect.caseId}`)
      await anonymizeUser(trx, effect.principal, meta.at, effect)
      return done(effect.principal)
    }
    default: {
      const unknown: never = effect
      throw new StorageError('EFFECT_TARGET_MISSING', `Unknown effect ${JSON.stringify(unknown)}`)
    }
  }
}

const done = (subject: string | null, minted: MintedIds = {}): AppliedEffect => ({ subject, minted })

const missing = (effect: Effect, what: string) =>
  new StorageError('EFFECT_TARGET_MISSING', `${effect.kind}: no ${what} in this org`)

const openCase = (trx: Kysely<Database>, orgId: string, caseId: string) =>
  trx
    .updateTable('anonymization_cases')
    .where('org_id', '=', orgId)
    .where('id', '=', caseId)
    .where('status', '=', 'open')

async function closeTransfer(
  trx: Kysely<Database>,
  orgId: string,
  transferId: string,
  status: TransferStatus,
  at: Date,
): Promise<string> {
  const row = await trx
    .updateTable('ownership_transfers')
    .set({ status, closed_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', transferId)
    .where('status', '=', 'open')
    .returning('to_principal')
    .executeTakeFirst()
  if (!row) throw new StorageError('EFFECT_TARGET_MISSING', `No open transfer ${transferId} in this org`)
  return row.to_principal
}

/** Memberships reference users; a principal invited before they ever signed in gets a bare row. */
const ensureUser = (trx: Kysely<Database>, userId: string) =>
  trx
    .insertInto('users')
    .values({ id: userId, display_name: userId })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()

/** Replaces everything that identifies the person; the id stays so history still joins up. */
async function anonymizeUser(trx: Kysely<Database>, userId: string, at: Date, effect: Effect): Promise<void> {
  // Anonymized once (say, through another org), the person keeps the pseudonym they were given.
  const pseudonym = sql<string>`coalesce(pseudonym, ${`anonymous-${randomUUID().slice(0, 8)}`}::text)`
  const row = await trx
    .updateTable('users')
    .set({ pseudonym, display_name: pseudonym, email: null, slack_user_id: null, anonymized_at: at })
    .where('id', '=', userId)
    .returning('id')
    .executeTakeFirst()
  if (!row) throw missing(effect, `user ${userId}`)
}
