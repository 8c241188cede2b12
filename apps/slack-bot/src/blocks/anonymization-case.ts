import { actions, button, type Reply, section } from './reply.js'

/** A case as the bot shows it (the contract's AnonymizationCase, the fields it needs). */
export interface CaseView {
  id: string
  subjectName: string
  approvals: string[]
  required: number
  reminderAt: string | null
}

const progress = (c: CaseView) => `${c.approvals.length} of ${c.required} approvals`

/** One line per case, for `/anonymize list`. */
export const caseLine = (c: CaseView) =>
  `• \`${c.id}\` ${c.subjectName}: ${progress(c)}${c.reminderAt ? `, reminder ${c.reminderAt}` : ''}`

/** The approver's DM for an opened case or a due reminder, with the three things they can do. */
export function caseNotice(orgId: string, c: CaseView, why: 'opened' | 'reminder'): Reply {
  const lead =
    why === 'opened' ? 'An anonymization case needs your approval' : 'Reminder: an anonymization case waits for you'
  const text = `${lead}: *${c.subjectName}* (case \`${c.id}\`, ${progress(c)}).`
  const ref = { orgId, caseId: c.id }
  return {
    text,
    blocks: [
      section(text),
      actions(
        button('Anonymize now', 'case.approve', ref, 'danger'),
        button('Show links', 'case.links', ref),
        button('Remind me…', 'case.remind', ref),
      ),
    ],
  }
}
