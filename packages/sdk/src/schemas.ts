import type { components } from './generated/schema.js'

type Schemas = components['schemas']

/** An organization, with its features, quotas and current `consistency` version. */
export type Org = Schemas['Org']
/** The body of `orgs.create`; `model` defaults to the API's default preset. */
export type CreateOrg = Schemas['CreateOrg']
/** The body of `orgs.update`; features and quotas are merged into the current ones. */
export type UpdateOrg = Schemas['UpdateOrg']
/** A role model, as data (a preset or a custom model). */
export type RoleModel = Schemas['RoleModel']
/** A person as the API stores them: id, display name, and optionally e-mail and Slack user id. */
export type UserInput = Schemas['UserInput']
/** A member: status, last activity (or `Pending`) and roles. */
export type Member = Schemas['Member']
/** The body of `invitations.invite`. */
export type Invitation = Schemas['Invitation']
/** A role of the org's model, its holders, and what the acting user may do with it. */
export type Role = Schemas['Role']
/** What every successful command answers: effects, warnings and the `consistency` token to read it back. */
export type Decision = Schemas['Decision']
/** One change a decision made; `kind` tells which fields follow. */
export type Effect = Schemas['Effect']
/** Something allowed but worth saying, e.g. a role dropping below its recommended count. */
export type Warning = Schemas['Warning']
/** The body of `transfers.request`. */
export type TransferRequest = Schemas['TransferRequest']
/** The open ownership transfer of an org. */
export type Transfer = Schemas['Transfer']
/** One question for `check`: may `principal` do `action` (in `context`)? */
export type Check = Schemas['Check']
/** The answer to a check, with the reason and who could when it is no. */
export type CheckAnswer = Schemas['CheckAnswer']
/** One entry of the audit trail. */
export type AuditEvent = Schemas['AuditEvent']
/** The body of `apiKeys.create`. */
export type NewApiKey = Schemas['NewApiKey']
/** An issued API key; `secret` is shown this once. */
export type ApiKey = Schemas['ApiKey']
/** An RFC 9457 problem as the API sends it. */
export type Problem = Schemas['Problem']
/** Every `code` a problem response can carry, from the API's spec. */
export type ProblemCode = Problem['code']
/** The liveness answer. */
export type Health = Schemas['Health']
