import createClient from 'openapi-fetch'
import type { paths } from './generated/schema.js'
import { paginate } from './paginate.js'
import { retryingFetch } from './retrying-fetch.js'
import type { CommandOptions, ReadOptions, RoleChangeOptions, Rolecall, RolecallOptions } from './rolecall.js'
import { errorFromResponse } from './rolecall-error.js'
import { unwrap } from './unwrap.js'
import { idempotencyKeys } from './with-idempotency-key.js'

/** The header naming who performs a request. */
export const ACTOR_HEADER = 'X-Rolecall-Actor'

// The API takes flags as the strings 'true' and 'false' in the query.
const flag = (value: boolean | undefined): 'true' | 'false' | undefined =>
  value === undefined ? undefined : value ? 'true' : 'false'
const read = (options: ReadOptions = {}) => ({
  consistency: options.consistency === undefined ? undefined : String(options.consistency),
})
const command = (options: CommandOptions = {}) => ({ dryRun: flag(options.dryRun) })
const roleChange = ({ context, confirm, dryRun }: RoleChangeOptions = {}) => ({
  context,
  confirm: flag(confirm),
  dryRun: flag(dryRun),
})

/**
 * A client for the Rolecall API. Its methods throw `RolecallError` on every problem, send an
 * `Idempotency-Key` with each mutation, and retry network errors, 429 and 503.
 * @example
 * const rolecall = createRolecall({ baseUrl: 'https://rolecall.example.com', apiKey, actor: 'usr_ana' })
 * await rolecall.roles.grant('acme', 'admin', 'usr_bo')
 */
export function createRolecall(options: RolecallOptions): Rolecall {
  const { baseUrl, apiKey, actor, locale } = options
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const retrying = retryingFetch(send, options.retry === false ? { attempts: 1 } : options.retry)
  const raw = createClient<paths>({
    baseUrl,
    fetch: retrying,
    headers: {
      Authorization: `Bearer ${apiKey}`,
      ...(actor === undefined ? {} : { [ACTOR_HEADER]: actor }),
      ...(locale === undefined ? {} : { 'Accept-Language': locale }),
    },
  })
  // Before any attempt, so every retry of a call carries the key it was first sent with.
  raw.use(idempotencyKeys)

  // The actor is a default header too; naming it here satisfies the spec's typed parameters.
  const acting = { [ACTOR_HEADER.toLowerCase()]: actor } as { 'x-rolecall-actor': string }
  const listMembers: Rolecall['members']['list'] = (orgId, { cursor, search, status, limit, consistency } = {}) =>
    unwrap(
      raw.GET('/v1/orgs/{orgId}/members', {
        params: { header: acting, path: { orgId }, query: { cursor, search, status, limit, ...read({ consistency }) } },
      }),
    )
  const listCases: Rolecall['anonymization']['list'] = (orgId, { cursor, status, limit, consistency } = {}) =>
    unwrap(
      raw.GET('/v1/orgs/{orgId}/anonymization-cases', {
        params: { header: acting, path: { orgId }, query: { cursor, status, limit, ...read({ consistency }) } },
      }),
    )
  const listContexts: Rolecall['contexts']['list'] = (orgId, { cursor, limit, consistency } = {}) =>
    unwrap(
      raw.GET('/v1/orgs/{orgId}/contexts', {
        params: { header: acting, path: { orgId }, query: { cursor, limit, ...read({ consistency }) } },
      }),
    )
  const removeMember: Rolecall['members']['remove'] = (orgId, userId, options) =>
    unwrap(
      raw.DELETE('/v1/orgs/{orgId}/members/{userId}', {
        params: { header: acting, path: { orgId, userId }, query: command(options) },
      }),
    )

  return {
    actor,
    as: (next) => createRolecall({ ...options, actor: next }),
    raw,
    orgs: {
      create: (org) => unwrap(raw.POST('/v1/orgs', { body: org })),
      get: (orgId, options) =>
        unwrap(raw.GET('/v1/orgs/{orgId}', { params: { path: { orgId }, query: read(options) } })),
      update: (orgId, patch, options) =>
        unwrap(
          raw.PATCH('/v1/orgs/{orgId}', {
            params: { header: acting, path: { orgId }, query: command(options) },
            body: patch,
          }),
        ),
    },
    models: {
      list: () => unwrap(raw.GET('/v1/models')),
      ofOrg: (orgId) => unwrap(raw.GET('/v1/orgs/{orgId}/model', { params: { path: { orgId } } })),
      validate: (model) => unwrap(raw.POST('/v1/models/validate', { body: model })),
      switch: (orgId, to, options) =>
        unwrap(
          raw.PUT('/v1/orgs/{orgId}/model', {
            params: { header: acting, path: { orgId }, query: command(options) },
            body: to,
          }),
        ),
    },
    members: {
      list: listMembers,
      iterate: (orgId, filter = {}) =>
        paginate(async (cursor) => {
          const page = await listMembers(orgId, { ...filter, cursor })
          return { items: page.members, next: page.next }
        }),
      remove: removeMember,
      leave: (orgId, options) => {
        if (actor === undefined) throw new TypeError('members.leave needs an actor: call it on rolecall.as(userId).')
        return removeMember(orgId, actor, options)
      },
    },
    people: {
      get: (orgId, userId) =>
        unwrap(raw.GET('/v1/orgs/{orgId}/people/{userId}', { params: { header: acting, path: { orgId, userId } } })),
      update: (orgId, userId, patch, options) =>
        unwrap(
          raw.PATCH('/v1/orgs/{orgId}/people/{userId}', {
            params: { header: acting, path: { orgId, userId }, query: command(options) },
            body: patch,
          }),
        ),
    },
    invitations: {
      invite: (orgId, invitation, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/invitations', {
            params: { header: acting, path: { orgId }, query: command(options) },
            body: invitation,
          }),
        ),
      accept: (orgId, invitationId, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/invitations/{invitationId}/accept', {
            params: { header: acting, path: { orgId, invitationId }, query: command(options) },
          }),
        ),
    },
    roles: {
      list: async (orgId, options) =>
        (
          await unwrap(
            raw.GET('/v1/orgs/{orgId}/roles', { params: { header: acting, path: { orgId }, query: read(options) } }),
          )
        ).roles,
      grant: (orgId, role, principalId, options) =>
        unwrap(
          raw.PUT('/v1/orgs/{orgId}/roles/{role}/holders/{principalId}', {
            params: { header: acting, path: { orgId, role, principalId }, query: roleChange(options) },
          }),
        ),
      revoke: (orgId, role, principalId, options) =>
        unwrap(
          raw.DELETE('/v1/orgs/{orgId}/roles/{role}/holders/{principalId}', {
            params: { header: acting, path: { orgId, role, principalId }, query: roleChange(options) },
          }),
        ),
    },
    transfers: {
      request: (orgId, transfer, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/ownership-transfers', {
            params: { header: acting, path: { orgId }, query: command(options) },
            body: transfer,
          }),
        ),
      accept: (orgId, transferId, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/ownership-transfers/{transferId}/accept', {
            params: { header: acting, path: { orgId, transferId }, query: command(options) },
          }),
        ),
      decline: (orgId, transferId, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/ownership-transfers/{transferId}/decline', {
            params: { header: acting, path: { orgId, transferId }, query: command(options) },
          }),
        ),
      cancel: (orgId, transferId, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/ownership-transfers/{transferId}/cancel', {
            params: { header: acting, path: { orgId, transferId }, query: command(options) },
          }),
        ),
      current: (orgId, options) =>
        unwrap(
          raw.GET('/v1/orgs/{orgId}/ownership-transfers/current', {
            params: { header: acting, path: { orgId }, query: read(options) },
          }),
        ),
    },
    anonymization: {
      list: listCases,
      iterate: (orgId, filter = {}) =>
        paginate(async (cursor) => {
          const page = await listCases(orgId, { ...filter, cursor })
          return { items: page.cases, next: page.next }
        }),
      get: (orgId, caseId, options) =>
        unwrap(
          raw.GET('/v1/orgs/{orgId}/anonymization-cases/{caseId}', {
            params: { header: acting, path: { orgId, caseId }, query: read(options) },
          }),
        ),
      approve: (orgId, caseId, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/anonymization-cases/{caseId}/approvals', {
            params: { header: acting, path: { orgId, caseId }, query: command(options) },
          }),
        ),
      links: (orgId, caseId, options) =>
        unwrap(
          raw.GET('/v1/orgs/{orgId}/anonymization-cases/{caseId}/links', {
            params: { header: acting, path: { orgId, caseId }, query: read(options) },
          }),
        ),
      setReminder: (orgId, caseId, at, options) =>
        unwrap(
          raw.PUT('/v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder', {
            params: { header: acting, path: { orgId, caseId }, query: command(options) },
            body: { at: typeof at === 'string' ? at : at.toISOString() },
          }),
        ),
      clearReminder: (orgId, caseId, options) =>
        unwrap(
          raw.DELETE('/v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder', {
            params: { header: acting, path: { orgId, caseId }, query: command(options) },
          }),
        ),
    },
    contexts: {
      put: (orgId, contextId, context, options) =>
        unwrap(
          raw.PUT('/v1/orgs/{orgId}/contexts/{contextId}', {
            params: { header: acting, path: { orgId, contextId }, query: command(options) },
            body: context,
          }),
        ),
      list: listContexts,
      iterate: (orgId, filter = {}) =>
        paginate(async (cursor) => {
          const page = await listContexts(orgId, { ...filter, cursor })
          return { items: page.contexts, next: page.next }
        }),
      assign: (orgId, userId, change, options) =>
        unwrap(
          raw.POST('/v1/orgs/{orgId}/members/{userId}/contexts', {
            params: { header: acting, path: { orgId, userId }, query: command(options) },
            body: change,
          }),
        ),
    },
    check: (orgId, check, options) =>
      unwrap(raw.POST('/v1/orgs/{orgId}/check', { params: { path: { orgId }, query: read(options) }, body: check })),
    checkBatch: async (orgId, checks, options) =>
      (
        await unwrap(
          raw.POST('/v1/orgs/{orgId}/check/batch', {
            params: { path: { orgId }, query: read(options) },
            body: { checks },
          }),
        )
      ).results,
    webhooks: {
      create: (orgId, webhook) =>
        unwrap(raw.POST('/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } }, body: webhook })),
      list: async (orgId) =>
        (await unwrap(raw.GET('/v1/orgs/{orgId}/webhooks', { params: { path: { orgId } } }))).webhooks,
      delete: async (orgId, webhookId) => {
        await unwrap(raw.DELETE('/v1/orgs/{orgId}/webhooks/{webhookId}', { params: { path: { orgId, webhookId } } }))
      },
      deliveries: async (orgId, webhookId) =>
        (
          await unwrap(
            raw.GET('/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries', { params: { path: { orgId, webhookId } } }),
          )
        ).deliveries,
    },
    notifications: {
      list: (orgId, { recipient, cursor, limit } = {}) =>
        unwrap(
          raw.GET('/v1/orgs/{orgId}/notifications', {
            params: { header: acting, path: { orgId }, query: { recipient, cursor, limit } },
          }),
        ),
    },
    auditEvents: (orgId, { actor, subject, type, limit, consistency } = {}) =>
      paginate(async (cursor) => {
        const query = { cursor, actor, subject, type, limit, ...read({ consistency }) }
        const page = await unwrap(
          raw.GET('/v1/orgs/{orgId}/audit-events', { params: { header: acting, path: { orgId }, query } }),
        )
        return { items: page.events, next: page.next }
      }),
    apiKeys: {
      create: (key) => unwrap(raw.POST('/v1/api-keys', { body: key })),
      revoke: async (keyId) => {
        await unwrap(raw.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } }))
      },
    },
    slack: {
      team: (teamId) => unwrap(raw.GET('/v1/slack/teams/{teamId}', { params: { path: { teamId } } })),
      resolveUser: (orgId, by) =>
        unwrap(raw.POST('/v1/orgs/{orgId}/slack/users/resolve', { params: { path: { orgId } }, body: by })),
      lookupUsers: async (orgId, userIds) =>
        (
          await unwrap(
            raw.POST('/v1/orgs/{orgId}/slack/users/lookup', { params: { path: { orgId } }, body: { userIds } }),
          )
        ).users,
    },
    health: () => unwrap(raw.GET('/healthz')),
    ready: async () => {
      // A probe asks about now: a 503 is the answer, not something to wait out.
      const { error, response } = await raw.GET('/readyz', { fetch: async (request) => send(request) })
      if (response.ok || response.status === 503) return response.ok
      throw errorFromResponse(response, error)
    },
  }
}
