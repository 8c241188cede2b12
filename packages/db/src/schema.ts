import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/**
 * A jsonb column: reads come back parsed, writes go in as JSON text (see `json`), because `pg`
 * would send a JS array as a Postgres array, not as JSON.
 */
export type Json<T> = ColumnType<T, string, string>
/** A timestamptz the database fills in unless given. */
export type CreatedAt = ColumnType<Date, Date | undefined, never>

export type MembershipStatus = 'invited' | 'active' | 'terminated'
export type ContextKind = 'workspace' | 'teamroom' | 'team' | 'folder' | 'app'
export type TransferStatus = 'open' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'voided'
export type CaseStatus = 'open' | 'anonymized'

export interface OrgsTable {
  id: string
  name: string
  /** A preset id, or `custom` when `custom_model` holds the org's own model. */
  model_id: string
  /** Unparsed on purpose: the reader validates it with core's schema, which may have moved on since it was stored. */
  custom_model: ColumnType<unknown, string | null | undefined, string | null>
  features: Json<Record<string, boolean>>
  quotas: Json<Record<string, number>>
  /** Counters the quotas are checked against, e.g. `teams`, `folders`. */
  usage: Json<Record<string, number>>
  /** Bumped by every mutation: the consistency token clients send back. */
  version: ColumnType<number, number | undefined, number>
  slack_team_id: string | null
  created_at: CreatedAt
}

/**
 * What one org knows of a person: each org keeps its own name, e-mail and Slack id for a user id, so
 * nothing one tenant writes about a person is seen by another. A person anonymized in an org keeps
 * only a pseudonym there.
 */
export interface PeopleTable {
  org_id: string
  user_id: string
  display_name: string
  /** Unique within the org (`people_org_email_key`), never across orgs. */
  email: string | null
  slack_user_id: string | null
  pseudonym: string | null
  anonymized_at: Date | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface MembershipsTable {
  org_id: string
  user_id: string
  status: MembershipStatus
  last_active_at: Date | null
  invited_by: string | null
  invited_roles: Json<string[]>
  invitation_id: string | null
  created_at: CreatedAt
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface RoleAssignmentsTable {
  org_id: string
  role: string
  principal_id: string
  /** `''` for an org-wide assignment, so the unique key can include it (NULLs would never collide). */
  context: ColumnType<string, string | undefined, string>
  granted_by: string
  granted_at: CreatedAt
}

export interface ContextsTable {
  org_id: string
  id: string
  kind: ContextKind
  name: string
  created_at: CreatedAt
}

export interface ContextAssignmentsTable {
  org_id: string
  principal_id: string
  context: string
}

export interface OwnershipTransfersTable {
  id: string
  org_id: string
  role: string
  from_principal: string
  to_principal: string
  status: TransferStatus
  former_holder: 'default' | 'member'
  expires_at: Date
  created_at: CreatedAt
  closed_at: Date | null
}

export interface AnonymizationCasesTable {
  id: string
  org_id: string
  subject: string
  status: CaseStatus
  /** Principal ids, in the order they approved. */
  approvals: Json<string[]>
  reminder_at: Date | null
  created_at: CreatedAt
  closed_at: Date | null
}

export interface ApiKeysTable {
  id: string
  name: string
  /** sha-256 hex of the secret; the secret itself is never stored. */
  hash: string
  /** `null`: the key may act in every org. */
  org_ids: ColumnType<string[] | null, string | null, string | null>
  support: ColumnType<boolean, boolean | undefined, boolean>
  created_at: CreatedAt
  revoked_at: Date | null
}

export interface AuditEventsTable {
  id: Generated<number>
  org_id: string
  at: Date
  actor: string
  /** The effect kind, e.g. `role.granted`. */
  type: string
  /** The principal the event is about, when there is one. */
  subject: string | null
  data: Json<Record<string, unknown>>
  request_id: string | null
}

export interface IdempotencyKeysTable {
  /** The API key id the key belongs to, so two clients never share keys. */
  scope: string
  key: string
  fingerprint: string
  status: 'running' | 'done'
  response_status: number | null
  response_body: ColumnType<unknown, string | null | undefined, string | null>
  /** The first response's headers worth replaying, by lower-case name; null on rows from before 0006. */
  response_headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>
  /** Names the request holding a running key; a takeover changes it, so the old holder's writes miss. */
  claim: ColumnType<string | null, string | null | undefined, string | null>
  /** The `ClaimHolder` id of the process running the claim; null when it holds none (then only age abandons it). */
  holder: ColumnType<number | null, number | null | undefined, number | null>
  /** When the key was claimed; a takeover claims it afresh. */
  created_at: ColumnType<Date, Date | undefined, Date>
  expires_at: Date
  /** When the request's change committed, written in its transaction; null while nothing is applied. */
  applied_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The org's version after that change, when it changed an org. */
  applied_version: ColumnType<number | null, number | null | undefined, number | null>
  /** What the change created or changed (an org, a key, an invitation), when it names one. */
  applied_subject: ColumnType<string | null, string | null | undefined, string | null>
}

/** An event of the outbox, written in the transaction of the change it reports. */
export interface OutboxEventsTable {
  /** Delivery order. */
  id: Generated<number>
  event_id: string
  org_id: string
  type: string
  at: Date
  actor: string
  subject: string | null
  recipients: ColumnType<string[], string | undefined, string>
  /** The type's own fields (ids only, never names or addresses). */
  data: Json<Record<string, unknown>>
  dedupe_key: string | null
  dispatched_at: Date | null
}

export type NotificationStatus = 'pending' | 'sent' | 'stored' | 'failed'

export interface NotificationsTable {
  id: Generated<number>
  org_id: string
  event_id: string
  type: string
  recipient: string
  status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>
  /** How it went out: `email`, or `stored` for listing when no SMTP server is configured. */
  channel: 'email' | 'stored' | null
  /** Rendered when sent or kept, with the names current then. */
  subject: string | null
  body: string | null
  error: string | null
  created_at: CreatedAt
  sent_at: Date | null
}

export interface WebhooksTable {
  id: string
  org_id: string
  url: string
  secret: string
  /** Event types to deliver; `null` for all. */
  events: ColumnType<string[] | null, string | null, string | null>
  delivered_through: ColumnType<number, number | undefined, number>
  failures: ColumnType<number, number | undefined, number>
  next_attempt_at: Date | null
  disabled_at: Date | null
  created_at: CreatedAt
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  webhook_id: string
  event_id: string
  type: string
  at: Date
  status_code: number | null
  error: string | null
  next_attempt_at: Date | null
}

/** Every table Rolecall stores, for `Kysely<Database>`. */
export interface Database {
  orgs: OrgsTable
  people: PeopleTable
  memberships: MembershipsTable
  role_assignments: RoleAssignmentsTable
  contexts: ContextsTable
  context_assignments: ContextAssignmentsTable
  ownership_transfers: OwnershipTransfersTable
  anonymization_cases: AnonymizationCasesTable
  api_keys: ApiKeysTable
  audit_events: AuditEventsTable
  idempotency_keys: IdempotencyKeysTable
  outbox_events: OutboxEventsTable
  notifications: NotificationsTable
  webhooks: WebhooksTable
  webhook_attempts: WebhookAttemptsTable
}

export type OrgRow = Selectable<OrgsTable>
export type PersonRow = Selectable<PeopleTable>
export type MembershipRow = Selectable<MembershipsTable>
export type TransferRow = Selectable<OwnershipTransfersTable>
export type CaseRow = Selectable<AnonymizationCasesTable>
export type ApiKeyRow = Selectable<ApiKeysTable>
export type AuditEventRow = Selectable<AuditEventsTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
/** An API key as callers see it: never with its hash. */
export type ApiKey = Omit<ApiKeyRow, 'hash'>
export type OutboxEventRow = Selectable<OutboxEventsTable>
export type NewOutboxEvent = Insertable<OutboxEventsTable>
export type NotificationRow = Selectable<NotificationsTable>
export type WebhookRow = Selectable<WebhooksTable>
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>
