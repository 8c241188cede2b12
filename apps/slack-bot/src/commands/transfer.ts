import type { App, BlockAction, webApi } from '@slack/bolt'
import { confirmation } from '../blocks/confirm.js'
import { dm } from '../blocks/dm.js'
import { type Reply, say } from '../blocks/reply.js'
import { type TransferRef, transferOffer, transferPending } from '../blocks/transfer.js'
import type { Person } from '../parse/tokenize.js'
import { resolvePerson } from '../people/resolve-person.js'
import { answer } from './answer.js'
import type { BotDeps } from './bot-deps.js'
import { buttonValue, teamOf } from './button-value.js'
import { openSession, type Session } from './session.js'

/** `/roles transfer @user`: nothing happens until the initiator confirms. */
export async function transferConfirmation(client: webApi.WebClient, session: Session, person: Person): Promise<Reply> {
  const { org, rolecall } = session
  const target = await resolvePerson(rolecall, client, org, person, 'target')
  if (!target.slackUserId) {
    return say(`${target.displayName} has no Slack account linked here, so they could not accept in Slack.`)
  }
  // A dry run first, so someone who may not transfer hears why now rather than after confirming.
  await rolecall.transfers.request(org.orgId, { to: target.userId }, { dryRun: true })
  return confirmation(
    `Hand ownership of *${org.name}* to <@${target.slackUserId}>? They must accept before anything changes.`,
    { actionId: 'transfer.confirm', label: 'Ask them', value: { to: target.userId, toSlack: target.slackUserId } },
    'transfer.abort',
  )
}

/** The buttons of the transfer dance: confirm, accept, decline, cancel. */
export function registerTransferActions(app: App, deps: BotDeps) {
  const click = (
    actionId: string,
    work: (
      session: Session,
      value: Record<string, string>,
      body: BlockAction,
      client: webApi.WebClient,
    ) => Promise<Reply & { replace?: boolean }>,
  ) =>
    app.action<BlockAction>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack()
      await answer(deps, respond, async (scope) => {
        const session = await openSession(deps, client, scope, teamOf(body), body.user.id)
        return work(session, buttonValue(action), body, client)
      })
    })

  app.action<BlockAction>('transfer.abort', async ({ ack, respond }) => {
    await ack()
    await respond({ text: 'Cancelled: nothing changed.', replace_original: true })
  })

  click('transfer.confirm', async ({ org, rolecall }, value, body, client) => {
    const to = value.to ?? ''
    const decision = await rolecall.transfers.request(org.orgId, { to })
    const transfer = await rolecall.transfers.current(org.orgId, { consistency: decision.consistency })
    const ref: TransferRef = {
      orgId: org.orgId,
      transferId: transfer.id,
      fromSlack: body.user.id,
      toSlack: value.toSlack ?? '',
    }
    deps.offered.add(transfer.id)
    const sent = await dm(client, ref.toSlack, transferOffer(ref, org.name, transfer.role))
    return { ...transferPending({ ...ref, dmChannel: sent.channel, dmTs: sent.ts }, transfer.expiresAt), replace: true }
  })

  click('transfer.accept', async ({ org, rolecall }, value, _body, client) => {
    await rolecall.transfers.accept(org.orgId, value.transferId ?? '')
    if (value.fromSlack)
      await dm(
        client,
        value.fromSlack,
        say(`:white_check_mark: <@${value.toSlack}> accepted: they now own *${org.name}*.`),
      )
    return { ...say(`:white_check_mark: You accepted: you now own *${org.name}*.`), replace: true }
  })

  click('transfer.decline', async ({ org, rolecall }, value, _body, client) => {
    await rolecall.transfers.decline(org.orgId, value.transferId ?? '')
    if (value.fromSlack)
      await dm(
        client,
        value.fromSlack,
        say(`<@${value.toSlack}> declined to take over *${org.name}*; nothing changed.`),
      )
    return { ...say(`You declined; nothing changed in *${org.name}*.`), replace: true }
  })

  click('transfer.cancel', async ({ org, rolecall }, value, body, client) => {
    await rolecall.transfers.cancel(org.orgId, value.transferId ?? '')
    const note = say(`<@${body.user.id}> cancelled the handover of *${org.name}*; nothing changed.`)
    // The offer loses its buttons, so the recipient cannot accept what no longer exists.
    if (value.dmChannel && value.dmTs) await client.chat.update({ channel: value.dmChannel, ts: value.dmTs, ...note })
    if (value.toSlack) await dm(client, value.toSlack, note)
    return { ...say('Cancelled: nothing changed.'), replace: true }
  })
}
