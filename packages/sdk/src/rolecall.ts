import type { Client } from 'openapi-fetch'
import type { paths } from './generated/schema.js'
import type { RetryOptions } from './retrying-fetch.js'
import type {
  AnonymizationCase,
  ApiKey,
  AssignContexts,
  AuditEvent,
  Check,
  CheckAnswer,
  Context,
  CreatedWebhook,
  CreateOrg,
  Decision,
  Health,
  Invitation,
  Member,
  ModelSwitch,
  ModelValidation,
  NewApiKey,
  NewWebhook,
  Notification,
  Org,
  Person,
  PersonChange,
  PersonLinks,
  PersonPatch,
  PutContext,
  Role,
  RoleModel,
  RoleModelInput,
  SlackOrg,
  SlackResolve,
  SlackResolved,
  SlackUser,
  SwitchModel,
  Transfer,
  TransferRequest,
  UpdateOrg,
  Webhook,
  WebhookDelivery,
} from './schemas.js'

/** How to reach the API and as whom. */
export interface RolecallOptions {
  /** The API's root, e.g. `https://rolecall.example.com`. */
  baseUrl: string
  /** The admin key or a service key, sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string
  /** Who performs the requests (`X-Rolecall-Actor`): a user id, or `support:<name>` through a support key. */
  actor?: string
  /** The language of the API's sentences (`detail`, warnings). @default 'en' */
  locale?: 'en' | 'de'
  /** A fetch to use instead of the global one, e.g. `(request) => app.fetch(request)` for an in-process API. */
  fetch?: (request: Request) => Response | Promise<Response>
  /** Retries on network errors, 429 and 503; `false` sends each request once. */
  retry?: RetryOptions | false
}

/** Options of a read: answer from state at least as new as a `consistency` token from a write. */
export interface ReadOptions {
  consistency?: number
}

/** Options every command takes. */
export interface CommandOptions {
  /** Decide and answer exactly as the real request would, but write nothing. */
  dryRun?: boolean
}

/** Options of a grant or revoke. */
export interface RoleChangeOptions extends CommandOptions {
  /** A context such as `teamroom:42`, for scoped roles. */
  context?: string
  /** The explicit confirmation some roles need (e.g. multi-owner ownership). */
  confirm?: boolean
}

/** Which members to list. */
export interface MemberFilter extends ReadOptions {
  /** Part of a name, e-mail or id. */
  search?: string
  status?: Member['status']
  /** Members per page, 1 to 200. @default 50 */
  limit?: number
}

/** One page of members; pass `next` as `cursor` for the following one. */
export interface MemberPage {
  members: Member[]
  next: string | null
}

/** Which audit events to read. */
export interface AuditEventFilter extends ReadOptions {
  actor?: string
  subject?: string
  /** e.g. `role.revoked` */
  type?: string
  /** Events per request, 1 to 200. @default 50 */
  limit?: number
}

/** Which anonymization cases to list. */
export interface CaseFilter extends ReadOptions {
  status?: AnonymizationCase['status']
  /** Cases per page, 1 to 200. @default 50 */
  limit?: number
}

/** One page of anonymization cases, newest first; pass `next` as `cursor` for the following one. */
export interface CasePage {
  cases: AnonymizationCase[]
  next: string | null
}

/** Which contexts to list. */
export interface ContextFilter extends ReadOptions {
  /** Contexts per page, 1 to 200. @default 50 */
  limit?: number
}

/** One page of contexts, by id; pass `next` as `cursor` for the following one. */
export interface ContextPage {
  contexts: Context[]
  next: string | null
}

/** Which notifications to list. */
export interface NotificationFilter {
  /** Only those for this user id. */
  recipient?: string
  /** The `next` of the previous page. */
  cursor?: string
  /** Notifications per page, 1 to 200. @default 50 */
  limit?: number
}

/** One page of notifications, oldest first; pass `next` as `cursor` for the following one. */
export interface NotificationPage {
  notifications: Notification[]
  next: string | null
}

/** The client: one method per API operation, throwing `RolecallError` on every problem. */
export interface Rolecall {
  /** The actor this client acts as, if any. */
  readonly actor: string | undefined
  /** The same client acting as `actor` (`X-Rolecall-Actor`). */
  as(actor: string): Rolecall
  /** The typed openapi-fetch client underneath, for anything the methods do not cover; it returns problems instead of throwing. */
  readonly raw: Client<paths>

  orgs: {
    /** Creates an organization with its founder (admin key). */
    create(org: CreateOrg): Promise<Org>
    get(orgId: string, options?: ReadOptions): Promise<Org>
    /** Changes name, features, quotas or the linked Slack team as the actor; features and quotas are merged. */
    update(orgId: string, patch: UpdateOrg, options?: CommandOptions): Promise<Org>
  }
  models: {
    /** The built-in role models (presets) and the default one. */
    list(): Promise<{ default: string; models: RoleModel[] }>
    /** The organization's role model. */
    ofOrg(orgId: string): Promise<RoleModel>
    /** Every error and warning of a custom model; `ok` when it has no errors. */
    validate(model: RoleModelInput): Promise<ModelValidation>
    /** Switches the org's model; a CONFLICT problem lists `violations` when its current holders do not fit. */
    switch(orgId: string, to: SwitchModel, options?: CommandOptions): Promise<ModelSwitch>
  }
  members: {
    /** One page of members; the actor must be one of the org's people. */
    list(orgId: string, filter?: MemberFilter & { cursor?: string }): Promise<MemberPage>
    /** Every member matching the filter, fetching pages as the loop needs them. */
    iterate(orgId: string, filter?: MemberFilter): AsyncIterableIterator<Member>
    /** Removes a member with every role they hold. */
    remove(orgId: string, userId: string, options?: CommandOptions): Promise<Decision>
    /** The actor leaves the org. */
    leave(orgId: string, options?: CommandOptions): Promise<Decision>
  }
  people: {
    /** The org's own profile of a person; the actor must be one of the org's people. */
    get(orgId: string, userId: string): Promise<Person>
    /**
     * Changes the org's profile of a person, as that person or as someone who may invite; other orgs keep their
     * own. A changed name or e-mail is audited as `person.updated`.
     */
    update(orgId: string, userId: string, patch: PersonPatch, options?: CommandOptions): Promise<PersonChange>
  }
  invitations: {
    /** Invites someone, optionally with roles they receive on accepting; `invitationId` names the invitation. */
    invite(orgId: string, invitation: Invitation, options?: CommandOptions): Promise<Decision>
    /** The invitee (the actor) accepts. */
    accept(orgId: string, invitationId: string, options?: CommandOptions): Promise<Decision>
  }
  roles: {
    /** The org's roles with holders, visibility, and what the actor may grant or revoke. */
    list(orgId: string, options?: ReadOptions): Promise<Role[]>
    /** Grants a role; granting a held role answers `changed: false`. */
    grant(orgId: string, role: string, principalId: string, options?: RoleChangeOptions): Promise<Decision>
    /** Revokes a role; revoking one not held answers `changed: false`. */
    revoke(orgId: string, role: string, principalId: string, options?: RoleChangeOptions): Promise<Decision>
  }
  transfers: {
    /** Starts a transfer of a transfer-only role (the owner role unless `role` says otherwise); `transferId` names it. */
    request(orgId: string, transfer: TransferRequest, options?: CommandOptions): Promise<Decision>
    /** The recipient accepts: the role changes hands. */
    accept(orgId: string, transferId: string, options?: CommandOptions): Promise<Decision>
    /** The recipient declines. */
    decline(orgId: string, transferId: string, options?: CommandOptions): Promise<Decision>
    /** The initiator cancels. */
    cancel(orgId: string, transferId: string, options?: CommandOptions): Promise<Decision>
    /** The open transfer; a NOT_FOUND problem when there is none. */
    current(orgId: string, options?: ReadOptions): Promise<Transfer>
  }
  anonymization: {
    /** One page of the org's cases, newest first; the actor must be an approver. */
    list(orgId: string, filter?: CaseFilter & { cursor?: string }): Promise<CasePage>
    /** Every case matching the filter, newest first, fetching pages as the loop needs them. */
    iterate(orgId: string, filter?: CaseFilter): AsyncIterableIterator<AnonymizationCase>
    get(orgId: string, caseId: string, options?: ReadOptions): Promise<AnonymizationCase>
    /** Approves; the approval the model requires last anonymizes the subject (`user.anonymized`). */
    approve(orgId: string, caseId: string, options?: CommandOptions): Promise<Decision>
    /** Every record in the org naming the case's subject, grouped by kind with counts. */
    links(orgId: string, caseId: string, options?: ReadOptions): Promise<PersonLinks>
    /** Reminds the approvers again at `at`, which must lie in the future. */
    setReminder(orgId: string, caseId: string, at: string | Date, options?: CommandOptions): Promise<Decision>
    clearReminder(orgId: string, caseId: string, options?: CommandOptions): Promise<Decision>
  }
  contexts: {
    /** Creates a team or folder (as the actor, within quotas), or registers or renames a workspace, teamroom or app. */
    put(orgId: string, contextId: string, context: PutContext, options?: CommandOptions): Promise<Decision>
    /** One page of the contexts the actor may see, by id, each saying whether the actor has access. */
    list(orgId: string, filter?: ContextFilter & { cursor?: string }): Promise<ContextPage>
    /** Every context the actor may see, by id, fetching pages as the loop needs them. */
    iterate(orgId: string, filter?: ContextFilter): AsyncIterableIterator<Context>
    /** Assigns a member to contexts and unassigns them, within the model's per-request limit. */
    assign(orgId: string, userId: string, change: AssignContexts, options?: CommandOptions): Promise<Decision>
  }
  /** May this principal do this action now? With the reason and who could when not. */
  check(orgId: string, check: Check, options?: ReadOptions): Promise<CheckAnswer>
  /** Up to 100 checks against one state, answered in order. */
  checkBatch(orgId: string, checks: Check[], options?: ReadOptions): Promise<CheckAnswer[]>
  /** The audit trail, newest first, fetching pages as the loop needs them. */
  auditEvents(orgId: string, filter?: AuditEventFilter): AsyncIterableIterator<AuditEvent>
  apiKeys: {
    /** Issues a service key (admin key); its `secret` is shown this once. */
    create(key: NewApiKey): Promise<ApiKey>
    /** Revokes a service key (admin key). */
    revoke(keyId: string): Promise<void>
  }
  webhooks: {
    /** Registers an endpoint for the org's events (all types unless `events` names some); the `secret` is shown this once. */
    create(orgId: string, webhook: NewWebhook): Promise<CreatedWebhook>
    list(orgId: string): Promise<Webhook[]>
    /** Removes an endpoint and its delivery history. */
    delete(orgId: string, webhookId: string): Promise<void>
    /** Delivery attempts to an endpoint, newest first. */
    deliveries(orgId: string, webhookId: string): Promise<WebhookDelivery[]>
  }
  notifications: {
    /** One page of the notifications sent or kept; the actor must be one of the org's people. */
    list(orgId: string, filter?: NotificationFilter): Promise<NotificationPage>
  }
  slack: {
    /** The organization linked to a Slack workspace (team id); NOT_FOUND when none is. */
    team(teamId: string): Promise<SlackOrg>
    /** A person of the org by Slack user id, else by e-mail; a match by e-mail stores the Slack user id. */
    resolveUser(orgId: string, by: SlackResolve): Promise<SlackResolved>
    /** People of the org by user id with their Slack user ids; ids of strangers are left out. */
    lookupUsers(orgId: string, userIds: string[]): Promise<SlackUser[]>
  }
  /** Liveness: the process answers. */
  health(): Promise<Health>
  /** Readiness: whether the API can serve requests (its database answers and is migrated, and its jobs run). */
  ready(): Promise<boolean>
}
