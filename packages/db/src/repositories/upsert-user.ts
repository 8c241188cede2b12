import type { Kysely } from 'kysely'
import type { Database, UserRow } from '../schema.js'

export interface UserInput {
  id: string
  displayName: string
  /** Left as stored when absent. */
  email?: string | null
  /** Left as stored when absent. */
  slackUserId?: string | null
}

/**
 * Creates a user or refreshes their profile. An anonymized user is never refreshed, so a
 * later sign-in or Slack event cannot bring their name or email back; they are returned as is.
 * An e-mail address another user has fails the statement on the unique index `users_email_key`;
 * `isEmailTaken` asks first, and the index settles a race.
 * @example await upsertUser(trx, { id: 'ana', displayName: 'Ana', email: 'ana@example.com' })
 */
export async function upsertUser(trx: Kysely<Database>, input: UserInput): Promise<UserRow> {
  const updated = await trx
    .insertInto('users')
    .values({
      id: input.id,
      display_name: input.displayName,
      email: input.email ?? null,
      slack_user_id: input.slackUserId ?? null,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          display_name: input.displayName,
          ...(input.email !== undefined ? { email: input.email } : {}),
          ...(input.slackUserId !== undefined ? { slack_user_id: input.slackUserId } : {}),
        })
        .where('users.anonymized_at', 'is', null),
    )
    .returningAll()
    .executeTakeFirst()
  return updated ?? (await trx.selectFrom('users').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow())
}
