import { actions, button, type Reply, section, slackDate } from './reply.js'

/** What the buttons of a transfer carry: the transfer and both sides' Slack mentions. */
export interface TransferRef extends Record<string, string> {
  orgId: string
  transferId: string
  /** Slack user ids, so both sides hear the outcome. */
  fromSlack: string
  toSlack: string
}

/** The recipient's DM: accept or decline. */
export const transferOffer = (ref: TransferRef, orgName: string, role: string): Reply => {
  const text = `<@${ref.fromSlack}> wants to hand you the \`${role}\` role of *${orgName}*. Nothing changes until you accept.`
  return {
    text,
    blocks: [
      section(text),
      actions(
        button('Accept', 'transfer.accept', ref, 'primary'),
        button('Decline', 'transfer.decline', ref, 'danger'),
      ),
    ],
  }
}

/** The initiator's message while the recipient decides: they may cancel. */
export const transferPending = (ref: TransferRef & { dmChannel: string; dmTs: string }, expiresAt: string): Reply => {
  const text = `Asked <@${ref.toSlack}> to accept. The offer expires ${slackDate(expiresAt)}.`
  return { text, blocks: [section(text), actions(button('Cancel transfer', 'transfer.cancel', ref, 'danger'))] }
}
