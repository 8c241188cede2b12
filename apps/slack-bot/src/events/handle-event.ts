import type { webApi } from '@slack/bolt'
import type { CaseView } from '../blocks/anonymization-case.js'
import { caseNotice } from '../blocks/anonymization-case.js'
import { dm } from '../blocks/dm.js'
import { transferOffer } from '../blocks/transfer.js'
import type { BotDeps } from '../commands/bot-deps.js'
import { slackIds } from '../people/mentions.js'
import type { RolecallEvent } from './rolecall-event.js'

/**
 * Turns an API event into DMs: approvers hear of an opened case or a due reminder, the recipient
 * of a transfer gets its offer. Other events need nobody's action in Slack.
 */
export async function handleEvent(deps: BotDeps, client: webApi.WebClient, event: RolecallEvent): Promise<void> {
  const { data } = event
  switch (event.type) {
    case 'anonymization.case_opened':
    case 'anonymization.reminder_due': {
      const { orgId, caseId } = data
      if (!caseId) return
      const slack = await slackIds(deps.rolecall, data.orgId, data.recipients)
      for (const [userId, slackUserId] of slack) {
        // Read as the approver: the case's subject name is theirs to see, and the payload carries none.
        // Should the read fail, the notice still goes out, naming the subject by id.
        const found: CaseView = await deps.rolecall
          .as(userId)
          .anonymization.get(orgId, caseId)
          .catch(() => ({
            id: caseId,
            subjectName: data.subject ?? 'someone',
            approvals: Array.isArray(data.approvals) ? data.approvals : [],
            required: data.required ?? 2,
            reminderAt: data.reminderAt ?? null,
          }))
        const why = event.type === 'anonymization.case_opened' ? 'opened' : 'reminder'
        await dm(client, slackUserId, caseNotice(data.orgId, found, why))
      }
      return
    }
    case 'ownership.transfer_requested': {
      const { transferId, from, to } = data
      // Asked from Slack, the recipient got the offer already.
      if (!transferId || !from || !to || deps.offered.has(transferId)) return
      const slack = await slackIds(deps.rolecall, data.orgId, [from, to])
      const toSlack = slack.get(to)
      if (!toSlack) return
      const org = await deps.rolecall.orgs.get(data.orgId)
      const ref = { orgId: data.orgId, transferId, fromSlack: slack.get(from) ?? '', toSlack }
      deps.offered.add(transferId)
      await dm(client, toSlack, transferOffer(ref, org.name, data.role ?? 'owner'))
      return
    }
  }
}
