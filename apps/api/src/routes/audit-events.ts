import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { listAuditEvents } from '@rolecall/db'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { ProblemError, problems } from '../problem.js'
import { json, OrgParams, PageQuery } from '../schemas/common.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const AuditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ format: 'date-time' }),
    actor: z.string(),
    type: z.string().openapi({ example: 'role.granted' }),
    subject: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEvent')

const AuditQuery = PageQuery.extend({
  actor: z.string().min(1).optional(),
  subject: z.string().min(1).optional(),
  type: z.string().min(1).optional().openapi({ example: 'role.revoked' }),
})

export const listAuditEventsRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/audit-events',
  operationId: 'listAuditEvents',
  tags: ['Audit'],
  summary: 'Audit events, newest first; filter by actor, subject and type; page by cursor',
  security: bearerSecurity,
  request: { headers: ActorHeadersSchema, params: OrgParams, query: AuditQuery },
  responses: {
    200: json(z.object({ events: z.array(AuditEventSchema), next: z.string().nullable() }), 'A page of events'),
    ...problems(400, 401, 403, 404),
  },
})

/** Registers the audit trail. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps
  app.openapi(listAuditEventsRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { state } = await cache.get(orgId, consistencyOf(c))
    requireMemberReader(c, state)
    const { cursor, limit, actor, subject, type } = c.req.valid('query')
    const after = cursor === undefined ? undefined : Number(cursor)
    if (after !== undefined && !Number.isSafeInteger(after)) {
      throw new ProblemError('VALIDATION_FAILED', 'The cursor is not one this API handed out.', {
        errors: [{ path: 'query.cursor', message: 'Use the `next` value of the previous page' }],
      })
    }
    const page = await listAuditEvents(db, orgId, { actor, subject, type, after, limit })
    const events = page.events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      type: e.type,
      subject: e.subject,
      data: e.data,
      requestId: e.request_id,
    }))
    return c.json({ events, next: page.next === null ? null : String(page.next) }, 200)
  })
}
