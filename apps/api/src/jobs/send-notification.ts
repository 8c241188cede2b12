import { type Database, findPeople, type PersonRef } from '@rolecall/db'
import { type Kysely, sql } from 'kysely'
import type { Transporter } from 'nodemailer'
import { type EventType, isEventType } from '../events/event-types.js'
import { type NotificationFacts, renderNotification } from './render-notification.js'

export interface NotificationSender {
  db: Kysely<Database>
  /** Set when SMTP_URL is: notifications go out by e-mail; else they are kept for listing. */
  mailer?: { transport: Transporter; from: string } | undefined
}

/** An SMTP failure, said without the server's reply, which may quote the address. */
export class NotificationMailError extends Error {
  readonly code = 'SMTP_FAILED'
}

/**
 * A notification job's data: the notifications one outbox dispatch created. Jobs queued before
 * notifications were batched name a single one.
 */
export type NotificationJob = { notificationIds: number[] } | { notificationId: number }

/** The notifications the jobs name, in order. */
export const notificationsOf = (jobs: readonly { data: NotificationJob }[]): number[] =>
  jobs.flatMap(({ data }) => ('notificationIds' in data ? data.notificationIds : [data.notificationId]))

/** What a notification is rendered from: its event, its recipient and the org's name. */
export interface NotificationSource {
  type: EventType
  recipient: string
  actor: string
  about: string | null
  data: Record<string, unknown>
  /** Whose profiles name the people in it: each org's own. */
  orgId: string
  orgName: string
}

interface PendingNotification extends NotificationSource {
  id: number
}

interface Outcome {
  id: number
  status: 'sent' | 'stored'
  subject: string
  body: string
}

/**
 * Renders notifications with the names current now (payloads carry ids only) and sends each by
 * e-mail, or keeps it for `GET …/notifications` when there is no SMTP server or no address. The
 * batch is read in two queries and its kept notifications recorded in one, however many it holds:
 * every role change notifies several people, so per-notification round trips would cost more than
 * the change itself. A failed e-mail is noted on its notification and thrown once the rest are done
 * (three failures in a row leave the rest pending too); a retry of the batch skips every notification
 * no longer pending, so nothing is sent twice.
 * @example await sendNotifications({ db, mailer }, [42, 43])
 */
export async function sendNotifications(sender: NotificationSender, notificationIds: readonly number[]): Promise<void> {
  const { db, mailer } = sender
  if (notificationIds.length === 0) return
  const rows = (
    await db
      .selectFrom('notifications')
      .innerJoin('outbox_events', 'outbox_events.event_id', 'notifications.event_id')
      .innerJoin('orgs', 'orgs.id', 'notifications.org_id')
      .select([
        'notifications.id',
        'notifications.type',
        'notifications.recipient',
        'outbox_events.actor',
        'outbox_events.subject as about',
        'outbox_events.data',
        'notifications.org_id as orgId',
        'orgs.name as orgName',
      ])
      .where('notifications.id', 'in', [...notificationIds])
      .where('notifications.status', '=', 'pending')
      .execute()
  ).filter((row): row is PendingNotification => isEventType(row.type))
  if (rows.length === 0) return

  const messages = await renderNotifications(db, rows)

  // Kept ones are recorded together; each e-mail is recorded the moment it is sent, so a run cut short
  // (a stop, a job timeout) never sends it again.
  const kept: Outcome[] = []
  let failure: NotificationMailError | undefined
  let failedInARow = 0
  try {
    for (const [i, row] of rows.entries()) {
      const { address, ...rendered } = messages[i] as RenderedMessage
      if (!mailer || !address) {
        kept.push({ id: row.id, status: 'stored', ...rendered })
        continue
      }
      // One bad address must not hold back the rest; a server that keeps failing ends the run.
      if (failedInARow === SERVER_DOWN_AFTER) continue
      const failed = await mail(db, mailer, row.id, address, rendered)
      failure ??= failed
      failedInARow = failed ? failedInARow + 1 : 0
    }
  } finally {
    await record(db, kept)
  }
  if (failure) throw failure
}

/** A notification's subject and body, and its recipient's e-mail address if they have one. */
export interface RenderedMessage {
  subject: string
  body: string
  address: string | undefined
}

/**
 * Renders notifications with the names people have now, reading everyone they name in one query.
 * @example const [message] = await renderNotifications(db, [{ type: 'role.granted', recipient: 'ana', … }])
 */
export async function renderNotifications(
  db: Kysely<Database>,
  sources: readonly NotificationSource[],
): Promise<RenderedMessage[]> {
  const refs = new Map<string, PersonRef>()
  for (const source of sources) {
    for (const userId of peopleIn(source)) refs.set(personKey(source.orgId, userId), { orgId: source.orgId, userId })
  }
  const profiles = await findPeople(db, [...refs.values()])
  const byKey = new Map(profiles.map((p) => [personKey(p.org_id, p.user_id), p]))
  return sources.map((source) => {
    const profile = (id: string) => byKey.get(personKey(source.orgId, id))
    const nameOf = (id: unknown) => (typeof id === 'string' ? (profile(id)?.display_name ?? id) : 'someone')
    return {
      ...renderNotification(source.type, factsOf(source, nameOf)),
      address: profile(source.recipient)?.email ?? undefined,
    }
  })
}

/** Failed e-mails in a row after which the rest of a batch waits for its retry. */
const SERVER_DOWN_AFTER = 3

/** Sends one e-mail and records it as sent; a failure is noted on the notification and returned. */
async function mail(
  db: Kysely<Database>,
  mailer: NonNullable<NotificationSender['mailer']>,
  id: number,
  to: string,
  rendered: { subject: string; body: string },
): Promise<NotificationMailError | undefined> {
  try {
    await mailer.transport.sendMail({ from: mailer.from, to, subject: rendered.subject, text: rendered.body })
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown'
    await db
      .updateTable('notifications')
      .set({ error: `SMTP ${code}` })
      .where('id', '=', id)
      .execute()
    return new NotificationMailError(`e-mail for notification ${id} failed (${code})`)
  }
  await record(db, [{ id, status: 'sent', ...rendered }])
  return undefined
}

// A NUL cannot appear in a stored id, so it separates the two parts of a key unambiguously.
const personKey = (orgId: string, userId: string) => `${orgId}\u0000${userId}`

const peopleIn = (row: NotificationSource): string[] =>
  [row.recipient, row.actor, row.about, row.data.from, row.data.to].filter((id): id is string => typeof id === 'string')

function factsOf(row: NotificationSource, nameOf: (id: unknown) => string): NotificationFacts {
  const { data } = row
  return {
    org: row.orgName,
    actor: nameOf(row.actor),
    subject: nameOf(row.about),
    from: nameOf(data.from),
    to: nameOf(data.to),
    role: String(data.role ?? ''),
    approvals: String(Array.isArray(data.approvals) ? data.approvals.length : 0),
    required: String(data.required ?? 1),
  }
}

/** Marks a batch sent or stored, with what it said, in one statement. */
async function record(db: Kysely<Database>, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return
  await sql`
    update notifications as n
    set status = o.status, channel = case when o.status = 'sent' then 'email' else 'stored' end,
        subject = o.subject, body = o.body, error = null, sent_at = now()
    from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
      as o(id bigint, status text, subject text, body text)
    where n.id = o.id`.execute(db)
}
