import { describe, expect, test } from 'vitest'
import { buttonsOf, buttonValue } from './blocks.js'
import { useWorld } from './use-world.js'

const world = useWorld()

const ownerOf = async (orgId: string) =>
  (await world.operator.as('ana').roles.list(orgId)).find((r) => r.role === 'owner')?.holders.map((h) => h.principal)

/** The last DM the bot posted to a Slack user (through conversations.open's D_ channel). */
const lastDm = (slackUserId: string) =>
  world.slack
    .of('chat.postMessage')
    .filter((c) => c.args.channel === `D_${slackUserId}`)
    .at(-1)?.args

/** ana asks to hand the org to bo and confirms; answers the initiator's pending message. */
async function offer(team: string) {
  const asked = await world.command('/roles', 'transfer <@UBO|bo>', 'UANA', team)
  expect(asked.text).toContain('They must accept before anything changes')
  expect(buttonsOf(asked)).toEqual(['transfer.confirm', 'transfer.abort'])
  const sent = world.slack.of('chat.postMessage').length
  const pending = await world.click('transfer.confirm', buttonValue(asked, 'transfer.confirm'), 'UANA', team)
  expect(pending.replace_original).toBe(true)
  expect(pending.text).toContain('Asked <@UBO> to accept')
  await world.waitFor(() => world.slack.of('chat.postMessage').length > sent)
  return pending
}

describe('/roles transfer', () => {
  test('confirm, the recipient accepts, both hear it, and a second click changes nothing', async () => {
    const orgId = await world.org('T_XFER', 'ana', ['bo'])
    // Slack rate-limits the offer once: the WebClient waits out Retry-After and posts it anyway.
    world.slack.rateLimit('chat.postMessage')
    await offer('T_XFER')
    expect(world.slack.of('429:chat.postMessage')).toHaveLength(1)
    expect(await ownerOf(orgId)).toEqual(['ana']) // nothing changes before the recipient accepts

    const offerDm = lastDm('UBO')
    expect(offerDm.text).toContain('wants to hand you the `owner` role')
    expect(buttonsOf(offerDm)).toEqual(['transfer.accept', 'transfer.decline'])

    const accepted = await world.click('transfer.accept', buttonValue(offerDm, 'transfer.accept'), 'UBO', 'T_XFER')
    expect(accepted.text).toContain('You accepted')
    expect(await ownerOf(orgId)).toEqual(['bo'])
    await world.waitFor(() => lastDm('UANA')?.text.includes('accepted') === true)

    const audit = await world.operator.as('bo').auditEvents(orgId).next()
    const again = await world.click('transfer.accept', buttonValue(offerDm, 'transfer.accept'), 'UBO', 'T_XFER')
    expect(again.text).toMatch(/^:no_entry: /)
    expect(again.replace_original).toBe(false)
    expect(await ownerOf(orgId)).toEqual(['bo'])
    expect((await world.operator.as('bo').auditEvents(orgId).next()).value).toEqual(audit.value)
  })

  test('the recipient declines and the initiator hears it', async () => {
    const orgId = await world.org('T_DECL', 'ana', ['bo'])
    await offer('T_DECL')
    const declined = await world.click(
      'transfer.decline',
      buttonValue(lastDm('UBO'), 'transfer.decline'),
      'UBO',
      'T_DECL',
    )
    expect(declined.text).toContain('You declined')
    await world.waitFor(() => lastDm('UANA')?.text.includes('declined') === true)
    expect(await ownerOf(orgId)).toEqual(['ana'])
  })

  test('the initiator cancels: the offer loses its buttons and the recipient hears it', async () => {
    const orgId = await world.org('T_CANC', 'ana', ['bo'])
    const pending = await offer('T_CANC')
    const offerDm = lastDm('UBO')
    const cancelled = await world.click('transfer.cancel', buttonValue(pending, 'transfer.cancel'), 'UANA', 'T_CANC')
    expect(cancelled.text).toContain('Cancelled')
    const update = world.slack.of('chat.update').at(-1)?.args
    expect(update.text).toContain('cancelled the handover')
    expect(buttonsOf(update)).toEqual([])
    await world.waitFor(() => lastDm('UBO')?.text.includes('cancelled') === true)
    // The recipient's stale Accept button now finds no open transfer.
    const late = await world.click('transfer.accept', buttonValue(offerDm, 'transfer.accept'), 'UBO', 'T_CANC')
    expect(late.text).toMatch(/^:no_entry: /)
    expect(await ownerOf(orgId)).toEqual(['ana'])
  })

  test('Cancel on the confirmation changes nothing', async () => {
    const orgId = await world.org('T_ABRT', 'ana', ['bo'])
    const asked = await world.command('/roles', 'transfer <@UBO|bo>', 'UANA', 'T_ABRT')
    const aborted = await world.click('transfer.abort', buttonValue(asked, 'transfer.abort'), 'UANA', 'T_ABRT')
    expect(aborted.text).toBe('Cancelled: nothing changed.')
    expect(await ownerOf(orgId)).toEqual(['ana'])
    await expect(world.operator.as('ana').transfers.current(orgId)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  test('someone who may not transfer hears why before any confirmation', async () => {
    await world.org('T_XDENY', 'ana', ['bo', 'cy'])
    const reply = await world.command('/roles', 'transfer <@UCY|cy>', 'UBO', 'T_XDENY')
    expect(reply.text).toMatch(/^:no_entry: /)
    expect(buttonsOf(reply)).toEqual([])
  })
})
