import type { Kysely } from 'kysely'
import type { CaseStatus, Database } from '../schema.js'
import { pageOf } from './page-of.js'

export interface AnonymizationCaseItem {
  id: string
  subject: string
  /** The subject's display name, which after anonymizing is their pseudonym. */
  subjectName: string
  status: CaseStatus
  approvals: string[]
  reminderAt: Date | null
  createdAt: Date
  closedAt: Date | null
}

export interface AnonymizationCaseQuery {
  status?: CaseStatus | undefined
  /** One case by id. */
  id?: string | undefined
  /** The cursor: the `next` of the previous page (a case id). */
  after?: string | undefined
  limit: number
}

export interface AnonymizationCasePage {
  cases: AnonymizationCaseItem[]
  /** Pass as `after` for the next (older) page; null on the last page. */
  next: string | null
}

/**
 * An org's anonymization cases with their subjects' current names, newest first (ties by id, also
 * descending). The cursor is the id of the last case returned; a case id no case has yields an empty page.
 * @example const { cases, next } = await listAnonymizationCases(db, orgId, { status: 'open', limit: 50 })
 */
export async function listAnonymizationCases(
  trx: Kysely<Database>,
  orgId: string,
  query: AnonymizationCaseQuery,
): Promise<AnonymizationCasePage> {
  let select = trx
    .selectFrom('anonymization_cases as c')
    // A subject always has a profile in the org (they were a member), but a left join keeps a case listed regardless.
    .leftJoin('people as u', (join) => join.onRef('u.org_id', '=', 'c.org_id').onRef('u.user_id', '=', 'c.subject'))
    .select([
      'c.id',
      'c.subject',
      'u.display_name',
      'c.status',
      'c.approvals',
      'c.reminder_at',
      'c.created_at',
      'c.closed_at',
    ])
    .where('c.org_id', '=', orgId)
  if (query.status !== undefined) select = select.where('c.status', '=', query.status)
  if (query.id !== undefined) select = select.where('c.id', '=', query.id)
  const { after } = query
  if (after !== undefined) {
    // The position is read back from the row, so the cursor stays a bare id and never rounds the
    // stored time (microseconds) to what a JavaScript Date can hold.
    const position = trx
      .selectFrom('anonymization_cases')
      .select(['created_at', 'id'])
      .where('org_id', '=', orgId)
      .where('id', '=', after)
      .$asTuple('created_at', 'id')
    select = select.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '<', position))
  }
  const rows = await select
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const { items: page, next } = pageOf(rows, query.limit, (last) => last.id)
  const cases = page.map((r) => ({
    id: r.id,
    subject: r.subject,
    subjectName: r.display_name ?? r.subject,
    status: r.status,
    approvals: r.approvals,
    reminderAt: r.reminder_at,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  }))
  return { cases, next }
}
