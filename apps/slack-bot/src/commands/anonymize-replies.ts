import type { AnonymizationCase, Decision } from '@rolecall/sdk'
import { caseLine } from '../blocks/anonymization-case.js'
import { confirmation } from '../blocks/confirm.js'
import { type Reply, say, slackDate } from '../blocks/reply.js'
import { parseWhen } from '../parse/parse-when.js'
import type { Session } from './session.js'

/** `/anonymize list`. */
export async function casesReply({ org, rolecall }: Session): Promise<Reply> {
  const cases: AnonymizationCase[] = []
  for await (const open of rolecall.anonymization.iterate(org.orgId, { status: 'open' })) cases.push(open)
  if (cases.length === 0) return say(`No anonymization case is open in *${org.name}*.`)
  return say([`Open anonymization cases in *${org.name}*`, ...cases.map(caseLine)].join('\n'))
}

/** `/anonymize links <case>` and the Show links button. */
export async function linksReply({ org, rolecall }: Session, caseId: string): Promise<Reply> {
  const [found, links] = await Promise.all([
    rolecall.anonymization.get(org.orgId, caseId),
    rolecall.anonymization.links(org.orgId, caseId),
  ])
  const lines = links.groups.map((g) => `• ${g.kind}: ${g.count}`)
  return say([`What *${found.subjectName}* is linked to (case \`${caseId}\`)`, ...lines].join('\n'))
}

/** `/anonymize approve <case>` and the Anonymize now button: a confirm step first. */
export async function approveConfirmation({ org, rolecall }: Session, caseId: string): Promise<Reply> {
  const found = await rolecall.anonymization.get(org.orgId, caseId)
  return confirmation(
    `Approve anonymizing *${found.subjectName}* (case \`${caseId}\`, ${found.approvals.length} of ${found.required} approvals so far)? ` +
      'Once every approval is in, their name and e-mail are gone for good.',
    { actionId: 'case.approve.confirm', label: 'Approve', value: { orgId: org.orgId, caseId } },
    'case.abort',
  )
}

/** The confirmed approval, and whether another approver is still needed. */
export async function approveReply({ org, rolecall }: Session, caseId: string): Promise<Reply> {
  const decision: Decision = await rolecall.anonymization.approve(org.orgId, caseId)
  if (!decision.changed) return say(`You have approved case \`${caseId}\` already; nothing changed.`)
  if (decision.effects.some((e) => e.kind === 'user.anonymized')) {
    return say(
      `:white_check_mark: Approved. That was the last approval needed: the person of case \`${caseId}\` is anonymized.`,
    )
  }
  const approved = decision.effects.find((e) => e.kind === 'case.approved') as
    | { approvals?: number | unknown[]; required?: number }
    | undefined
  // The engine counts approvals; an array of approvers would say the same.
  const have = Array.isArray(approved?.approvals) ? approved.approvals.length : (approved?.approvals ?? 0)
  const need = approved?.required ?? 0
  const missing = Math.max(need - have, 0)
  const more = missing === 1 ? 'A second approver is still needed.' : `${missing} more approvals are still needed.`
  return say(`:white_check_mark: Approved (${have} of ${need}). ${more}`)
}

/** `/anonymize remind <case> <when>` and the Remind me… dialog. */
export async function remindReply(
  { org, rolecall }: Session,
  caseId: string,
  when: string,
  now: Date,
  offsetMinutes: number,
): Promise<Reply> {
  const parsed = parseWhen(when, now, offsetMinutes)
  if (!parsed.ok) return say(parsed.problem)
  await rolecall.anonymization.setReminder(org.orgId, caseId, parsed.at)
  return say(`:alarm_clock: The approvers of case \`${caseId}\` will be reminded ${slackDate(parsed.at)}.`)
}
