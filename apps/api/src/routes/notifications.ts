import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { listNotifications } from '@rolecall/db'
import type { AppEnv } from '../app-env.js'
import { ActorHeadersSchema, bearerSecurity, requireOrgAccess } from '../auth.js'
import { consistencyOf } from '../commands/consistency.js'
import { ProblemError, problems } from '../problem.js'
import { json, OrgParams, PageQuery } from '../schemas/common.js'
import { requireMemberReader } from './member-reader.js'
import type { RouteDeps } from './route-deps.js'

const NotificationSchema = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    type: z.string().openapi({ example: 'role.granted' }),
    recipient: z.string(),
    channel: z.enum(['email', 'stored']),
    subject: z.string(),
    body: z.string(),
    sentAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Notification')

export const listNotificationsRoute = createRoute({
  method: 'get',
  path: '/v1/orgs/{orgId}/notifications',
  operationId: 'listNotifications',
  tags: ['Notifications'],
  summary: 'Notifications sent or kept (without SMTP), oldest first; filter by recipient; page by cursor',
  security: bearerSecurity,
  request: {
    headers: ActorHeadersSchema,
    params: OrgParams,
    query: PageQuery.extend({ recipient: z.string().min(1).max(200).optional().openapi({ example: 'usr_ana' }) }),
  },
  responses: {
    200: json(
      z.object({ notifications: z.array(NotificationSchema), next: z.string().nullable() }),
      'A page of notifications',
    ),
    ...problems(400, 401, 403, 404),
  },
})

/** Registers the notifications list. */
export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps) {
  const { db, cache } = deps
  app.openapi(listNotificationsRoute, async (c) => {
    const { orgId } = c.req.valid('param')
    requireOrgAccess(c, orgId)
    const { state } = await cache.get(orgId, consistencyOf(c))
    requireMemberReader(c, state)
    const { cursor, limit, recipient } = c.req.valid('query')
    const after = cursor === undefined ? undefined : Number(cursor)
    if (after !== undefined && !Number.isSafeInteger(after)) {
      throw new ProblemError('VALIDATION_FAILED', 'The cursor is not one this API handed out.', {
        errors: [{ path: 'query.cursor', message: 'Use the `next` value of the previous page' }],
      })
    }
    const page = await listNotifications(db, orgId, { recipient, after, limit })
    const notifications = page.notifications.map((n) => ({
      id: n.id,
      eventId: n.event_id,
      type: n.type,
      recipient: n.recipient,
      channel: n.channel ?? 'stored',
      subject: n.subject ?? '',
      body: n.body ?? '',
      sentAt: (n.sent_at ?? n.created_at).toISOString(),
    }))
    return c.json({ notifications, next: page.next === null ? null : String(page.next) }, 200)
  })
}
