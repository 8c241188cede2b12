import { describe, expect, test } from 'vitest'
import { buttonsOf } from './blocks.js'
import { useWorld } from './use-world.js'

const world = useWorld({ workflows: true })

describe('events from the API outbox', () => {
  test("a member's removal opens a case, and its event reaches the approver as a DM", async () => {
    const orgId = await world.org('T_OUTBOX', 'ana', ['bo', 'dee-outbox'])
    await world.operator.as('ana').roles.grant(orgId, 'compliance_manager', 'bo')
    await world.command('/roles', 'list', 'UBO', 'T_OUTBOX') // Rolecall learns bo's Slack id
    // The API mints the endpoint's secret; the bot at that URL holds it.
    await world.anotherBot(async (url) => {
      const { secret } = await world.operator.webhooks.create(orgId, { url, events: ['anonymization.case_opened'] })
      return [secret]
    })

    const removed = await world.operator.as('ana').members.remove(orgId, 'dee-outbox')
    const caseId = removed.caseId ?? ''
    const noticeTo = (slackUserId: string) =>
      world.slack
        .of('chat.postMessage')
        .find((c) => c.args.channel === `D_${slackUserId}` && String(c.args.text).includes(caseId))
    await world.waitFor(() => noticeTo('UBO') !== undefined)
    expect(noticeTo('UBO')?.args.text).toContain('*DEE-OUTBOX*')
    expect(buttonsOf(noticeTo('UBO')?.args)).toEqual(['case.approve', 'case.links', 'case.remind'])
  })
})
