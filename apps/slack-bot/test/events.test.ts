import { describe, expect, test } from 'vitest'
import { EVENTS_PATH } from '../src/events/webhook-route.js'
import { buttonsOf, buttonValue } from './blocks.js'
import { WEBHOOK_SECRET } from './bot-world.js'
import { useWorld } from './use-world.js'
import { postEvent } from './webhook.js'

const world = useWorld()

/** DMs to a Slack user whose text mentions `about` (tests share Slack users across orgs). */
const dmsTo = (slackUserId: string, about: string) =>
  world.slack
    .of('chat.postMessage')
    .filter((c) => c.args.channel === `D_${slackUserId}` && String(c.args.text).includes(about))

const send = (event: { type: string; data: Record<string, unknown> }, options?: Parameters<typeof postEvent>[3]) =>
  postEvent(`${world.botUrl}${EVENTS_PATH}`, WEBHOOK_SECRET, event, options)

describe('the events webhook', () => {
  test('a transfer requested outside Slack offers it to the recipient, once per delivery', async () => {
    const orgId = await world.org('T_EVXFER', 'ana', ['bo'])
    // bo's Slack id becomes known to Rolecall the first time he uses the bot.
    await world.command('/roles', 'list', 'UBO', 'T_EVXFER')
    const decision = await world.operator.as('ana').transfers.request(orgId, { to: 'bo' })
    const event = {
      type: 'ownership.transfer_requested',
      data: {
        eventId: 'ev1',
        orgId,
        actor: 'ana',
        subject: 'bo',
        recipients: ['bo'],
        transferId: decision.transferId,
        role: 'owner',
        from: 'ana',
        to: 'bo',
      },
    }
    const res = await send(event, { id: 'msg_transfer_1' })
    expect(res.status).toBe(204)
    await world.waitFor(() => dmsTo('UBO', 'T_EVXFER').length === 1)
    const offer = dmsTo('UBO', 'T_EVXFER')[0]?.args
    expect(offer.text).toContain('<@UANA> wants to hand you the `owner` role')

    expect((await send(event, { id: 'msg_transfer_1' })).status).toBe(204)
    const accepted = await world.click('transfer.accept', buttonValue(offer, 'transfer.accept'), 'UBO', 'T_EVXFER')
    expect(accepted.text).toContain('You accepted')
    expect(dmsTo('UBO', 'T_EVXFER')).toHaveLength(1) // the redelivery sent nothing
  })

  test('a case opened DMs each approver Slack knows, with the three buttons', async () => {
    const orgId = await world.org('T_EVCASE', 'ana', ['bo', 'cy'])
    await world.command('/roles', 'list', 'UBO', 'T_EVCASE')
    const res = await send({
      type: 'anonymization.case_opened',
      data: {
        eventId: 'ev2',
        orgId,
        actor: 'ana',
        subject: 'dee',
        recipients: ['ana', 'bo', 'cy'],
        caseId: 'case_1',
        approvals: [],
        required: 2,
        reminderAt: null,
      },
    })
    expect(res.status).toBe(204)
    await world.waitFor(() => dmsTo('UANA', 'case_1').length > 0 && dmsTo('UBO', 'case_1').length > 0)
    const notice = dmsTo('UBO', 'case_1')[0]?.args
    expect(notice.text).toContain('case `case_1`')
    expect(buttonsOf(notice)).toEqual(['case.approve', 'case.links', 'case.remind'])
    expect(dmsTo('UCY', 'case_1')).toEqual([]) // cy never used the bot: Rolecall has no Slack id for them
  })

  test('a bad signature or a stale timestamp is refused with 401 and sends nothing', async () => {
    const orgId = await world.org('T_EVSIG', 'ana')
    const event = {
      type: 'anonymization.reminder_due',
      data: { orgId, recipients: ['ana'], caseId: 'case_2', approvals: [], required: 2, reminderAt: null },
    }
    expect(
      (await send(event, { secret: `whsec_${Buffer.from('another-secret-another-secret!!').toString('base64')}` }))
        .status,
    ).toBe(401)
    expect((await send(event, { at: new Date(Date.now() - 10 * 60_000) })).status).toBe(401)
    expect((await send(event, { at: new Date(Date.now() + 10 * 60_000) })).status).toBe(401)
    const before = dmsTo('UANA', 'case_2').length
    expect((await send(event)).status).toBe(204)
    await world.waitFor(() => dmsTo('UANA', 'case_2').length > before)
    expect(dmsTo('UANA', 'case_2')).toHaveLength(before + 1)
  })
})
