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
/** What one org keeps of a person (each org has its own profile of a user id). */
export type Person = Schemas['Person']
/** The body of `people.update`: a new display name, e-mail address (`null` removes it), or both. */
export type PersonPatch = Schemas['PersonPatch']
/** A profile after `people.update`, with the fields that request changed. */
export type PersonChange = Schemas['PersonChange']
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
/** The organization linked to a Slack workspace. */
export type SlackOrg = Schemas['SlackOrg']
/** A person of an org with their Slack user id, when known. */
export type SlackUser = Schemas['SlackUser']
/** The body of `slack.resolveUser`: a Slack user id, an e-mail, or both. */
export type SlackResolve = Schemas['SlackResolve']
/** A person found by `slack.resolveUser`; `linked` when that call stored their Slack user id. */
export type SlackResolved = Schemas['SlackResolved']
/** An anonymization case about a former member: approvals so far, the model's requirement, a reminder. */
export type AnonymizationCase = Schemas['AnonymizationCase']
/** Every record in an org that names a case's subject, grouped by kind with counts. */
export type PersonLinks = Schemas['PersonLinks']
/** A context (workspace, teamroom, team, folder, app) and whether the actor has access to it. */
export type Context = Schemas['Context']
/** The body of `contexts.put`. */
export type PutContext = Schemas['PutContext']
/** The body of `contexts.assign`: contexts to add and to remove. */
export type AssignContexts = Schemas['AssignContexts']
/** A role model to validate, as data. */
export type RoleModelInput = Schemas['RoleModelInput']
/** Every error and warning `models.validate` found. */
export type ModelValidation = Schemas['ModelValidation']
/** The body of `models.switch`: a preset id, or `custom` with `customModel`. */
export type SwitchModel = Schemas['SwitchModel']
/** What `models.switch` did (or, in a dry run, would do). */
export type ModelSwitch = Schemas['ModelSwitch']
/** A webhook endpoint of an org; `disabledAt` is set once the receiver answered 410 Gone. */
export type Webhook = Schemas['Webhook']
/** The body of `webhooks.create`: an http(s) URL and optionally the event types to deliver. */
export type NewWebhook = Schemas['NewWebhook']
/** A new webhook endpoint with its `whsec_…` signing secret, shown this once. */
export type CreatedWebhook = Schemas['CreatedWebhook']
/** One delivery attempt: when, the receiver's status code or the error, and when the next attempt is due. */
export type WebhookDelivery = Schemas['WebhookDelivery']
/** A notification as sent by e-mail or kept for listing (no SMTP server, or no address). */
export type Notification = Schemas['Notification']
