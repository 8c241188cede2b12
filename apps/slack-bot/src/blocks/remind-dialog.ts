import type { types } from '@slack/bolt'

/** The Remind me… dialog: one field for the time, read by `parseWhen` on submit. */
export const remindDialog = (orgId: string, caseId: string): types.ModalView => ({
  type: 'modal',
  callback_id: 'case.remind',
  private_metadata: JSON.stringify({ orgId, caseId }),
  title: { type: 'plain_text', text: 'Remind the approvers' },
  submit: { type: 'plain_text', text: 'Set reminder' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'when',
      label: { type: 'plain_text', text: 'When' },
      hint: { type: 'plain_text', text: '2026-12-01, in 30 days, next monday 9:00' },
      element: { type: 'plain_text_input', action_id: 'when', placeholder: { type: 'plain_text', text: 'in 30 days' } },
    },
  ],
})
