import type { Database } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { Transporter } from 'nodemailer'
import { isEventType } from '../events/event-types.js'
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
 * Renders a notification with the names current now (payloads carry ids only) and sends it by e-mail,
 * or keeps it for `GET …/notifications` when there is no SMTP server or no address.
 * @example await sendNotification({ db, mailer }, 42)
 */
export async function sendNotification(sender: NotificationSender, notificationId: number): Promise<void> {
  const { db, mailer } = sender
  const row = await db
    .selectFrom('notifications')
    .innerJoin('outbox_events', 'outbox_events.event_id', 'notifications.event_id')
    .innerJoin('orgs', 'orgs.id', 'notifications.org_id')
    .select([
      'notifications.status',
      'notifications.type',
      'notifications.recipient',
      'outbox_events.actor',
      'outbox_events.subject as about',
      'outbox_events.data',
      'orgs.name as orgName',
    ])
    .where('notifications.id', '=', notificationId)
    .executeTakeFirst()
  if (row?.status !== 'pending' || !isEventType(row.type)) return

  const data = row.data
  const people = [row.recipient, row.actor, row.about, data.from, data.to].filter(
    (id): id is string => typeof id === 'string',
  )
  const users = await db.selectFrom('users').select(['id', 'display_name', 'email']).where('id', 'in', people).execute()
  const nameOf = (id: unknown) =>
    typeof id === 'string' ? (users.find((u) => u.id === id)?.display_name ?? id) : 'someone'
  const facts: NotificationFacts = {
    org: row.orgName,
    actor: nameOf(row.actor),
    subject: nameOf(row.about),
    from: nameOf(data.from),
    to: nameOf(data.to),
    role: String(data.role ?? ''),
    approvals: String(Array.isArray(data.approvals) ? data.approvals.length : 0),
    required: String(data.required ?? 1),
  }
  const rendered = renderNotification(row.type, facts)
  const address = users.find((u) => u.id === row.recipient)?.email
  const mail = mailer && address ? mailer : undefined
  if (mail && address) {
    try {
      await mail.transport.sendMail({ from: mail.from, to: address, subject: rendered.subject, text: rendered.body })
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown'
      await db
        .updateTable('notifications')
        .set({ error: `SMTP ${code}` })
        .where('id', '=', notificationId)
        .execute()
      throw new NotificationMailError(`e-mail for notification ${notificationId} failed (${code})`)
    }
  }
  await db
    .updateTable('notifications')
    .set({
      status: mail ? 'sent' : 'stored',
      channel: mail ? 'email' : 'stored',
      subject: rendered.subject,
      body: rendered.body,
      error: null,
      sent_at: new Date(),
    })
    .where('id', '=', notificationId)
    .execute()
}
