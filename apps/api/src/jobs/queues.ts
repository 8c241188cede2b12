/** pg-boss queue names; v10 needs every queue created before use. */
export const QUEUES = {
  reminder: 'rolecall-reminder',
  // Not `rolecall-webhook`: that queue was created `stately`, and a queue keeps the policy it was created
  // with. Under it a run left active by a dead process made every fetch of the shared queue fail (its
  // endpoint's waiting run could not become active beside it) until pg-boss expired it 15 minutes later.
  // Jobs still in the old queue are never run; the sweep queues their endpoints here.
  webhook: 'rolecall-webhook-runs',
  notification: 'rolecall-notification',
} as const
