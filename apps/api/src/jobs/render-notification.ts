import type { EventType } from '../events/event-types.js'

export interface RenderedNotification {
  subject: string
  body: string
}

/** What a sentence may name: display names resolved at send time, then the event's own fields. */
export interface NotificationFacts {
  org: string
  actor: string
  subject: string
  from: string
  to: string
  role: string
  approvals: string
  required: string
}

type Sentences = Record<EventType, (f: NotificationFacts) => RenderedNotification>

const en: Sentences = {
  'role.granted': (f) => ({
    subject: `${f.role} granted`,
    body: `${f.actor} granted ${f.role} to ${f.subject} in ${f.org}.`,
  }),
  'role.revoked': (f) => ({
    subject: `${f.role} revoked`,
    body: `${f.actor} revoked ${f.role} from ${f.subject} in ${f.org}.`,
  }),
  'membership.invited': (f) => ({
    subject: `${f.subject} invited`,
    body: `${f.actor} invited ${f.subject} to ${f.org}.`,
  }),
  'membership.removed': (f) => ({
    subject: `${f.subject} left ${f.org}`,
    body: `${f.subject} is no longer a member of ${f.org}.`,
  }),
  'ownership.transfer_requested': (f) => ({
    subject: `Take over ${f.role} of ${f.org}?`,
    body: `${f.from} asks you to take over ${f.role} of ${f.org}. Accept or decline the transfer.`,
  }),
  'ownership.transferred': (f) => ({
    subject: `${f.role} of ${f.org} transferred`,
    body: `${f.to} now holds ${f.role} of ${f.org}, handed over by ${f.from}.`,
  }),
  'anonymization.case_opened': (f) => ({
    subject: `Anonymize ${f.subject}?`,
    body: `${f.subject} left ${f.org}. Their anonymization needs ${f.required} approval(s).`,
  }),
  'anonymization.reminder_due': (f) => ({
    subject: `Reminder: anonymize ${f.subject}?`,
    body: `The anonymization case for ${f.subject} in ${f.org} is still open (${f.approvals} of ${f.required} approvals).`,
  }),
  'anonymization.approved': (f) => ({
    subject: `Anonymization of ${f.subject} approved`,
    body: `${f.actor} approved anonymizing ${f.subject} in ${f.org} (${f.approvals} of ${f.required}).`,
  }),
  'user.anonymized': (f) => ({
    subject: `${f.subject} anonymized`,
    body: `${f.subject} was anonymized in ${f.org}; their name, e-mail and Slack id are gone.`,
  }),
}

/**
 * One short English sentence per event type. Mutations carry no language to render in; a German
 * catalog joins here once orgs or users record one.
 * @example renderNotification('role.granted', facts).body // 'Ana granted admin to Bo in Acme.'
 */
export const renderNotification = (type: EventType, facts: NotificationFacts): RenderedNotification => en[type](facts)
