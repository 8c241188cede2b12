import { randomUUID } from 'node:crypto'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  type AuditEventBody,
  createWebhook,
  type Database,
  deleteWebhook,
  findWebhook,
  getOrg,
  listWebhookAttempts,
  listWebhooks,
  type WebhookRow,
} from '@rolecall/db'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { bearerSecurity, operatorOf, orgNotFound, requireOrgAccess } from '../auth.js'
import { writeOrigin } from '../commands/mark-applied.js'
import { EVENT_TYPES } from '../events/event-types.js'
import { ProblemError, problems } from '../problem.js'
import { isTrue, json, MutationQuery, OperatorMutationHeaders, OrgParams } from '../schemas/common.js'
import { type OrgWriteOutcome, writeOrg } from '../write/write-org.js'
import type { RouteDeps } from './route-deps.js'

const NewWebhookSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(2000)
      .openapi({ example: 'https://example.com/rolecall/events' }),
    events: z
      .array(z.enum(EVENT_TYPES))
      .min(1)
      .max(EVENT_TYPES.length)
      .optional()
      .openapi({ description: 'Event types to deliver; all when absent.' }),
  })
  .openapi('NewWebhook')

const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    disabledAt: z
      .string()
      .nullable()
      .openapi({ format: 'date-time', description: 'Set when the receiver answered 410 Gone.' }),
  })
  .openapi('Webhook')

const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: 'The `whsec_…` signing secret, shown once.' }),
}).openapi('CreatedWebhook')

const DeliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    type: z.string(),
    at: z.string().openapi({ format: 'date-time' }),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    nextAttemptAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('WebhookDelivery')

const WebhookParams = OrgParams.extend({
  webhookId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'webhookId', in: 'path' }, example: 'wh_3f0c…' }),
})

export const createWebhookRoute = createRoute({
  method: 'post',
  path: '/v1/orgs/{orgId}/webhooks',
  operationId: 'createWebhook',
  tags: ['Webhooks'],
  summary: 'Register a webhook endpoint; its signing secret is shown once',
  security: bearerSecurity,
  request: {
    headers: OperatorMutationHeaders,
    params: OrgParams,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: NewWebhookSchema } }, required: true },
  },
  responses: { 201: json(CreatedWebhookSchema, 'Registered'), ...problems(400, 401, 404) },
})

export const listWebhooksRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/webhooks',
  operationId: 'listWebhooks',
  tags: ['Webhooks'],
  summary: "The org's webhook endpoints",
  security: bearerSecurity,
  request: { params: OrgParams },
  responses: { 200: json(z.object({ webhooks: z.array(WebhookSchema) }), 'Endpoints'), ...problems(401, 404) },
})

export const deleteWebhookRoute = createRoute({
  method: 'delete',
  path: '/v1/orgs/{orgId}/webhooks/{webhookId}',
  operationId: 'deleteWebhook',
  tags: ['Webhooks'],
  summary: 'Remove a webhook endpoint and its delivery history',
  security: bearerSecurity,
  request: { headers: OperatorMutationHeaders, params: WebhookParams, query: MutationQuery },
  responses: { 204: { description: 'Removed' }, ...problems(400, 401, 404) },
})

export const listWebhookDeliveriesRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries',
  operationId: 'listWebhookDeliveries',
  tags: ['Webhooks'],
  summary: 'Delivery attempts to an endpoint, newest first',
  security: bearerSecurity,
  request: {
    params: WebhookParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100).openapi({ example: 100 }) }),
  },
  responses: { 200: json(z.object({ deliveries: z.array(DeliverySchema) }), 'Attempts'), ...problems(400, 401, 404) },
})

const webhookOf = (row: Pick<WebhookRow, 'id' | 'url' | 'events' | 'created_at' | 'disabled_at'>) => ({
  id: row.id,
  url: row.url,
  events: row.events,
  createdAt: row.created_at.toISOString(),
  disabledAt: row.disabled_at?.toISOString() ?? null,
})

const webhookNotFound = (webhookId: string) =>
  new ProblemError('NOT_FOUND', `This organization has no webhook ${webhookId}.`)

interface WebhookEvent extends AuditEventBody {
  type: 'webhook.created' | 'webhook.deleted'
  subject: string
}

/** Registers webhook endpoint management (the operator's job: an API key for the org, no acting user). */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db } = deps
  const requireOrg = async (orgId: string) => {
    if (!(await getOrg(db, orgId))) throw orgNotFound(orgId)
  }

  /**
   * Changes an org's endpoints as an org write with its audit event (an operator's: a key names no acting
   * user) and the request's idempotency mark; a change that found nothing writes neither. Endpoints are not
   * part of the state the org's version covers, so the version stays.
   */
  const webhookChange = <T>(
    c: Context<AppEnv>,
    orgId: string,
    change: (trx: Kysely<Database>) => Promise<{ result: T; event: WebhookEvent | undefined }>,
  ): Promise<OrgWriteOutcome<T>> =>
    writeOrg(deps, { orgId, actor: operatorOf(c), versioned: false, ...writeOrigin(c) }, async ({ trx }) => {
      const { result, event } = await change(trx)
      return { answer: result, change: event && { audit: [event], subject: event.subject } }
    })

  app.openapi(createWebhookRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const body = c.req.valid('json')
    if (isTrue(c.req.valid('query').dryRun)) {
      await requireOrg(orgId)
      // The endpoint as it would be registered; its id is an example, and no secret is made that could be used.
      const row = {
        id: `wh_${randomUUID()}`,
        url: body.url,
        events: body.events ?? null,
        created_at: new Date(),
        disabled_at: null,
      }
      return c.json({ ...webhookOf(row), secret: '' }, 201)
    }
    const written = await webhookChange(c, orgId, async (trx) => {
      const created = await createWebhook(trx, orgId, body)
      // The origin only: a URL's path or query may carry the receiver's own token.
      const details = { endpoint: new URL(created.url).origin, events: body.events ?? null }
      return { result: created, event: { type: 'webhook.created', subject: created.id, details } }
    })
    if (!written.found) throw orgNotFound(orgId)
    const row = written.answer
    return c.json({ ...webhookOf(row), secret: row.secret }, 201)
  })

  app.openapi(listWebhooksRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    await requireOrg(orgId)
    return c.json({ webhooks: (await listWebhooks(db, orgId)).map(webhookOf) }, 200)
  })

  app.openapi(deleteWebhookRoute, async (c) => {
    const { orgId, webhookId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const dryRun = isTrue(c.req.valid('query').dryRun)
    const found = dryRun
      ? await findWebhook(db, orgId, webhookId)
      : await webhookChange(c, orgId, async (trx) => {
          const deleted = await deleteWebhook(trx, orgId, webhookId)
          return { result: deleted, event: deleted ? { type: 'webhook.deleted', subject: webhookId } : undefined }
        }).then((written) => written.found && written.answer)
    if (!found) throw webhookNotFound(webhookId)
    return c.body(null, 204)
  })

  app.openapi(listWebhookDeliveriesRoute, async (c) => {
    const { orgId, webhookId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    if (!(await findWebhook(db, orgId, webhookId))) throw webhookNotFound(webhookId)
    const attempts = await listWebhookAttempts(db, webhookId, c.req.valid('query').limit)
    const deliveries = attempts.map((a) => ({
      id: a.id,
      eventId: a.event_id,
      type: a.type,
      at: a.at.toISOString(),
      statusCode: a.status_code,
      error: a.error,
      nextAttemptAt: a.next_attempt_at?.toISOString() ?? null,
    }))
    return c.json({ deliveries }, 200)
  })
}
