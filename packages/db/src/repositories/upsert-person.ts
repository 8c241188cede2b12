import type { Kysely } from 'kysely'
import type { Database, PersonRow } from '../schema.js'
import { type AuditEventBody, recordAuditEvent } from './record-audit-event.js'

export interface PersonInput {
  id: string
  displayName: string
  /** Left as stored when absent; `null` clears it. */
  email?: string | null
  /** Left as stored when absent; `null` clears it. */
  slackUserId?: string | null
}

/** A profile field a write changed, as the API names it. */
export type ProfileField = 'displayName' | 'email' | 'slackUserId'

export interface PersonWrite {
  person: PersonRow
  /** True when the org had no profile of the person before. */
  created: boolean
  /** The stored fields this write changed; empty for a new profile and for an anonymized one. */
  changed: ProfileField[]
}

/** Who writes, for the audit event of a changed profile. */
export interface PersonWriter {
  actor: string
  requestId?: string | null
}

/**
 * Creates one org's profile of a person, or refreshes the fields given, and audits a change to a
 * name or e-mail address the org had on file as `person.updated` (`personUpdated`). It is `writePerson`
 * and that event, for a profile written as part of another change (an invitation); an org write of
 * its own hands the event to its pipeline instead.
 * @example await upsertPerson(trx, 'acme', { id: 'bo', displayName: 'Bo Berg' }, { actor: 'ana' })
 */
export async function upsertPerson(
  trx: Kysely<Database>,
  orgId: string,
  input: PersonInput,
  by: PersonWriter,
): Promise<PersonWrite> {
  const written = await writePerson(trx, orgId, input)
  const event = personUpdated(input.id, written.changed)
  if (event) await recordAuditEvent(trx, { orgId, actor: by.actor, ...event, requestId: by.requestId ?? null })
  return written
}

/**
 * Creates one org's profile of a person, or refreshes the fields given, without auditing. Only this
 * org's profile is read or written: another org's name or address for the same user id is never
 * seen. An anonymized profile is never refreshed, so a later invitation cannot bring a name back. An
 * address another person of the org has fails on `people_org_email_key`; `isEmailTaken` asks first,
 * and the index settles a race.
 * @example const { changed } = await writePerson(trx, 'acme', { id: 'bo', displayName: 'Bo Berg' })
 */
export async function writePerson(trx: Kysely<Database>, orgId: string, input: PersonInput): Promise<PersonWrite> {
  const before = await findPersonForUpdate(trx, orgId, input.id)
  if (!before) {
    const inserted = await trx
      .insertInto('people')
      .values({
        org_id: orgId,
        user_id: input.id,
        display_name: input.displayName,
        email: input.email ?? null,
        slack_user_id: input.slackUserId ?? null,
      })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
      .returningAll()
      .executeTakeFirst()
    // A concurrent writer created it first: refresh theirs, as if it had been there all along.
    if (!inserted) return writePerson(trx, orgId, input)
    return { person: inserted, created: true, changed: [] }
  }
  if (before.anonymized_at) return { person: before, created: false, changed: [] }

  const next = {
    display_name: input.displayName,
    email: input.email === undefined ? before.email : input.email,
    slack_user_id: input.slackUserId === undefined ? before.slack_user_id : input.slackUserId,
  }
  const changed = PROFILE_COLUMNS.filter(([, column]) => next[column] !== before[column]).map(([field]) => field)
  if (changed.length === 0) return { person: before, created: false, changed }
  const person = await trx
    .updateTable('people')
    .set({ ...next, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('user_id', '=', input.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  return { person, created: false, changed }
}

/**
 * The audit event of a profile's changed fields: `person.updated` naming the name or e-mail address
 * that changed, never their values; none when neither did (a Slack id alone is not audited).
 * @example personUpdated('bo', ['displayName']) // { type: 'person.updated', subject: 'bo', details: { changed: ['displayName'] } }
 */
export function personUpdated(userId: string, changed: readonly ProfileField[]): AuditEventBody | undefined {
  const audited = changed.filter((field) => field !== 'slackUserId')
  return audited.length > 0 ? { type: 'person.updated', subject: userId, details: { changed: audited } } : undefined
}

const PROFILE_COLUMNS = [
  ['displayName', 'display_name'],
  ['email', 'email'],
  ['slackUserId', 'slack_user_id'],
] as const satisfies readonly (readonly [ProfileField, keyof PersonRow])[]

/**
 * One org's profile of a person, locked for the rest of the transaction.
 * @example const bo = await findPersonForUpdate(trx, 'acme', 'bo')
 */
export const findPersonForUpdate = (trx: Kysely<Database>, orgId: string, userId: string) =>
  trx
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst()
