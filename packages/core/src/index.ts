export { can, canOperate } from './check/can.js'
export { type CheckQuery, canAll } from './check/can-all.js'
export { eligibleTargets, type GrantableRole, grantableRoles } from './check/grantable-roles.js'
export { anonymizationApprovers, type RouteParties, recipients } from './check/recipients.js'
export { type RoleField, roleVisibility } from './check/role-visibility.js'
export * from './codes.js'
export type * from './commands.js'
export { decideAcceptInvitation } from './decide/accept-invitation.js'
export { decideApproveCase, decideOpenCase, decideRemindCase } from './decide/anonymization.js'
export { decideAssignContexts } from './decide/assign-contexts.js'
export { decideCreateContext } from './decide/create-context.js'
export { decide } from './decide/decide.js'
export { decideGrant } from './decide/grant.js'
export { decideInvite } from './decide/invite.js'
export { decideRemoveMember } from './decide/remove-member.js'
export { decideRevoke } from './decide/revoke.js'
export { decideTransferRequest } from './decide/transfer-request.js'
export { decideTransferRespond } from './decide/transfer-respond.js'
export * from './decision.js'
export type * from './effects.js'
export { LOCALES, type Locale, type MessageCode } from './messages/catalog.js'
export { type ExplainOptions, explain } from './messages/explain.js'
export { defineModel } from './model/define-model.js'
export {
  findModelViolations,
  MODEL_VIOLATION_CODES,
  type ModelViolation,
  type ModelViolationCode,
} from './model/model-violations.js'
export * from './model/schema.js'
export { type ModelProblem, type ModelValidation, validateModel } from './model/validate-model.js'
export {
  adminRoles,
  DEFAULT_PRESET,
  multiOwner,
  orgAdmin,
  PRESETS,
  presetIds,
  teamroom,
  workspace,
} from './presets/index.js'
export { indexOrg, OrgState, type RoleChange } from './state/org-state.js'
export { ORG_WIDE, type RoleView } from './state/role-view.js'
export * from './state/snapshot.js'
