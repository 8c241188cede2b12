import { anonymizationApprovers, type Effect, type OrgState, type RoleModel, recipients } from '@rolecall/core'
import type { MintedIds } from '@rolecall/db'
import { type EventType, REMINDER_SET } from './event-types.js'

/** What an effect reports, before it gets its id and envelope. */
export interface PendingEvent {
  type: EventType | typeof REMINDER_SET
  subject: string | null
  recipients: string[]
  data: Record<string, unknown>
}

/**
 * The events an applied decision reports, in effect order. Recipients come from the model's routes on
 * the state the decision was made on; effects no event reports (declined transfers, contexts) map to
 * nothing. `minted` holds the ids storage gave each effect.
 * @example eventsOfEffects(teamroom, state, [{ kind: 'role.granted', role: 'admin', principal: 'bo', context: null, cause: 'direct' }], [{}])
 */
export function eventsOfEffects(
  model: RoleModel,
  state: OrgState,
  effects: readonly Effect[],
  minted: readonly MintedIds[],
  cases: ReadonlyMap<string, CaseFacts> = new Map(),
): PendingEvent[] {
  const out: PendingEvent[] = []
  effects.forEach((effect, i) => {
    const event = eventOf({ model, state, cases }, effect, minted[i] ?? {})
    if (event) out.push(event)
  })
  return out
}

/** What an approval's event needs to know about its case, which the effect does not say. */
export interface CaseFacts {
  subject: string
  /** Approver ids so far, this approval included. */
  approvals: string[]
  reminderAt: string | null
}

interface Known {
  model: RoleModel
  state: OrgState
  cases: ReadonlyMap<string, CaseFacts>
}

function eventOf({ model, state, cases }: Known, effect: Effect, ids: MintedIds): PendingEvent | undefined {
  const orgMessages = (context?: string) => recipients(model, state, 'org.messages', context ? { context } : {})
  switch (effect.kind) {
    case 'role.granted':
    case 'role.revoked':
      return {
        type: effect.kind,
        subject: effect.principal,
        recipients: orgMessages(effect.context ?? undefined),
        data: { role: effect.role, context: effect.context },
      }
    case 'member.invited':
      return {
        type: 'membership.invited',
        subject: effect.principal,
        recipients: orgMessages(),
        data: { invitationId: ids.invitationId ?? null, roles: effect.roles },
      }
    case 'member.terminated':
      return {
        type: 'membership.removed',
        subject: effect.principal,
        recipients: recipients(model, state, 'membership.terminated', { subject: effect.principal }),
        data: {},
      }
    case 'transfer.requested':
      return {
        type: 'ownership.transfer_requested',
        subject: effect.to,
        recipients: recipients(model, state, 'transfer.requested', { recipient: effect.to }),
        data: { transferId: ids.transferId ?? null, role: effect.role, from: effect.from, to: effect.to },
      }
    case 'transfer.accepted':
      return {
        type: 'ownership.transferred',
        subject: effect.to,
        recipients: union(orgMessages(), [effect.to]),
        data: { transferId: effect.transferId, role: effect.role, from: effect.from, to: effect.to },
      }
    case 'case.opened':
      return {
        type: 'anonymization.case_opened',
        subject: effect.subject,
        recipients: caseRecipients(model, state, effect.subject),
        data: {
          caseId: ids.caseId ?? null,
          approvals: [],
          required: model.anonymization.approvalsRequired,
          reminderAt: null,
        },
      }
    case 'case.approved': {
      const known = cases.get(effect.caseId)
      return {
        type: 'anonymization.approved',
        subject: known?.subject ?? null,
        recipients: known ? caseRecipients(model, state, known.subject) : [],
        data: {
          caseId: effect.caseId,
          approvals: known?.approvals ?? [effect.approver],
          required: effect.required,
          reminderAt: known?.reminderAt ?? null,
        },
      }
    }
    case 'user.anonymized':
      return {
        type: 'user.anonymized',
        subject: effect.principal,
        recipients: caseRecipients(model, state, effect.principal),
        data: { caseId: effect.caseId },
      }
    case 'case.reminder_set':
      return { type: REMINDER_SET, subject: null, recipients: [], data: { caseId: effect.caseId, at: effect.at } }
    default:
      return undefined
  }
}

/**
 * A case's messages go where the model routes anonymization reminders (teamroom: compliance managers,
 * else the main owner, else owner and co-owners), else to every approver; never to its subject.
 */
export function caseRecipients(model: RoleModel, state: OrgState, subject: string): string[] {
  const routed = recipients(model, state, 'anonymization.reminder', { subject })
  const chosen = routed.length > 0 ? routed : anonymizationApprovers(model, state)
  return chosen.filter((p) => p !== subject)
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])]
