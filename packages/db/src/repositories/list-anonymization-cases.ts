import type { Kysely } from 'kysely'
import type { CaseStatus, Database } from '../schema.js'

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
}

/**
 * An org's anonymization cases with their subjects' current names, newest first.
 * @example const open = await listAnonymizationCases(db, orgId, { status: 'open' })
 */
export async function listAnonymizationCases(
  trx: Kysely<Database>,
  orgId: string,
  query: AnonymizationCaseQuery = {},
): Promise<AnonymizationCaseItem[]> {
  let select = trx
    .selectFrom('anonymization_cases as c')
    // A subject always has a users row (they were a member), but a left join keeps a case listed regardless.
    .leftJoin('users as u', 'u.id', 'c.subject')
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
  const rows = await select.orderBy('c.created_at', 'desc').orderBy('c.id').execute()
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    subjectName: r.display_name ?? r.subject,
    status: r.status,
    approvals: r.approvals,
    reminderAt: r.reminder_at,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  }))
}
