/** Slack and Rolecall do not know each other here yet; The message tells the user how to get linked. */
export class NotLinkedError extends Error {
  override readonly name = 'NotLinkedError'
  readonly code = 'NOT_LINKED'
}
