export { ACTOR_HEADER, createRolecall } from './create-rolecall.js'
export type { components, paths } from './generated/schema.js'
export type { Page } from './paginate.js'
export type { RetryOptions } from './retrying-fetch.js'
export type {
  AuditEventFilter,
  CaseFilter,
  CasePage,
  CommandOptions,
  ContextFilter,
  ContextPage,
  MemberFilter,
  MemberPage,
  NotificationFilter,
  NotificationPage,
  ReadOptions,
  RoleChangeOptions,
  Rolecall,
  RolecallOptions,
} from './rolecall.js'
export { isRolecallError, RolecallError, type RolecallErrorCode, type RolecallProblem } from './rolecall-error.js'
export type * from './schemas.js'
export { IDEMPOTENCY_HEADER } from './with-idempotency-key.js'
