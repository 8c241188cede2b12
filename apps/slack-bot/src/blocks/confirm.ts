import { actions, button, type Reply, section } from './reply.js'

/**
 * A question with a confirm and a cancel button; nothing happens until one is clicked.
 * @example confirmation('Transfer ownership to <@U1>?', 'transfer.confirm', { to: 'bo' }, 'transfer.abort')
 */
export function confirmation(
  question: string,
  confirm: { actionId: string; label: string; value: Record<string, string> },
  cancelActionId: string,
): Reply {
  return {
    text: question,
    blocks: [
      section(question),
      actions(button(confirm.label, confirm.actionId, confirm.value, 'primary'), button('Cancel', cancelActionId, {})),
    ],
  }
}
