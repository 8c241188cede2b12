/** pg-boss queue names; v10 needs every queue created before use. */
export const QUEUES = {
  reminder: 'rolecall-reminder',
  webhook: 'rolecall-webhook',
  notification: 'rolecall-notification',
} as const
