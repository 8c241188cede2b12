export { createDatabase, type DatabaseHandle, type DatabaseOptions } from './create-database.js'
export { json } from './json.js'
export { migrateToLatest } from './migrate-to-latest.js'
export { migrationProvider, migrations } from './migration-provider.js'
export { PGliteDialect, type PGliteDialectConfig } from './pglite-dialect.js'
export { PREPARED } from './prepared-statements.js'
export { type AppliedEffects, type ApplyOptions, applyEffects } from './repositories/apply-effects.js'
export {
  beginIdempotent,
  IDEMPOTENCY_CLAIM_MS,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyClaim,
  type IdempotencyStart,
  type StoredResponse,
  type UnansweredChange,
} from './repositories/begin-idempotent.js'
export { createApiKey, type NewApiKey } from './repositories/create-api-key.js'
export { createOrg, type NewOrg } from './repositories/create-org.js'
export { createWebhook, type NewWebhook } from './repositories/create-webhook.js'
export { deleteExpiredIdempotencyKeys, type ExpiredKeyOptions } from './repositories/delete-expired-idempotency-keys.js'
export { deleteWebhook } from './repositories/delete-webhook.js'
export {
  type AppliedEffect,
  type EffectMeta,
  type EffectOf,
  isRoleEffect,
  type MintedIds,
} from './repositories/effects/effect-result.js'
export { findApiKeyBySecret } from './repositories/find-api-key-by-secret.js'
export { findPeople, type PersonProfile, type PersonRef } from './repositories/find-people.js'
export { finishIdempotent } from './repositories/finish-idempotent.js'
export { type ForgottenPerson, forgetPerson } from './repositories/forget-person.js'
export { getContext } from './repositories/get-context.js'
export { getOrg } from './repositories/get-org.js'
export { hashSecret } from './repositories/hash-secret.js'
export { isEmailTaken } from './repositories/is-email-taken.js'
export {
  type AnonymizationCaseItem,
  type AnonymizationCasePage,
  type AnonymizationCaseQuery,
  listAnonymizationCases,
} from './repositories/list-anonymization-cases.js'
export { type AuditEventPage, type AuditEventQuery, listAuditEvents } from './repositories/list-audit-events.js'
export {
  type ContextListItem,
  type ContextPage,
  type ContextQuery,
  listContexts,
} from './repositories/list-contexts.js'
export { listMembers, type MemberListItem, type MemberPage, type MemberQuery } from './repositories/list-members.js'
export {
  listNotifications,
  type NotificationPage,
  type NotificationQuery,
} from './repositories/list-notifications.js'
export {
  listPersonLinks,
  PERSON_LINK_ITEMS,
  PERSON_LINK_KINDS,
  type PersonLinkGroup,
  type PersonLinkKind,
} from './repositories/list-person-links.js'
export { listWebhookAttempts } from './repositories/list-webhook-attempts.js'
export { findWebhook, listWebhooks } from './repositories/list-webhooks.js'
export { compareAssignments, loadOrgSnapshot } from './repositories/load-org-snapshot.js'
export { lockOrg } from './repositories/lock-org.js'
export { type AppliedChange, markIdempotentApplied } from './repositories/mark-idempotent-applied.js'
export {
  type AuditEntry,
  type AuditEventBody,
  type AuditEventInput,
  auditEntry,
  recordAuditEvent,
} from './repositories/record-audit-event.js'
export {
  type ContextRegistration,
  type RegistrationResult,
  registerContext,
} from './repositories/register-context.js'
export { releaseIdempotent } from './repositories/release-idempotent.js'
export { revokeApiKey } from './repositories/revoke-api-key.js'
export { loneRoleChange, type StagedEffects, stageEffects } from './repositories/stage-effects.js'
export {
  findPersonForUpdate,
  type PersonInput,
  type PersonWrite,
  type PersonWriter,
  type ProfileField,
  personUpdated,
  upsertPerson,
  writePerson,
} from './repositories/upsert-person.js'
export {
  type OrgChange,
  type QueuedEvent,
  type WrittenChange,
  writeOrgChange,
} from './repositories/write-org-change.js'
export type * from './schema.js'
export {
  CLAIM_HOLDER_APPLICATION_NAME,
  CLAIM_HOLDER_LOCK,
  type ClaimHolder,
  type ClaimHolderOptions,
  startClaimHolder,
} from './start-claim-holder.js'
export { isUniqueViolation, STORAGE_ERROR_CODES, StorageError, type StorageErrorCode } from './storage-error.js'
