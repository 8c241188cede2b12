import { randomUUID } from 'node:crypto'
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { createApiKey, type Database, revokeApiKey } from '@rolecall/db'
import type { Kysely } from 'kysely'
import type { AppEnv } from '../app-env.js'
import { type ApiKeys, bearerSecurity, requireAdmin } from '../auth.js'
import { writeMarked } from '../commands/mark-applied.js'
import { ProblemError, problems } from '../problem.js'
import { isTrue, json, MutationQuery, OperatorMutationHeaders } from '../schemas/common.js'
import type { RouteDeps } from './route-deps.js'

const NewKeySchema = z
  .object({
    name: z.string().min(1).max(100).openapi({ example: 'billing-service' }),
    orgIds: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(1000)
      .nullable()
      .default(null)
      .openapi({ description: 'The orgs the key may act in; null for all.' }),
    support: z
      .boolean()
      .default(false)
      .openapi({ description: 'Whether the key may act as support:<name> principals.' }),
  })
  .openapi('NewApiKey')

const KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    orgIds: z.array(z.string()).nullable(),
    support: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    secret: z
      .string()
      .openapi({ description: 'Shown once; only its hash is stored. Empty on a dry run: no key exists.' }),
  })
  .openapi('ApiKey')

export const createApiKeyRoute = createRoute({
  method: 'post',
  path: '/v1/api-keys',
  operationId: 'createApiKey',
  tags: ['API keys'],
  summary: 'Issue a service key (admin key); its secret is shown once',
  security: bearerSecurity,
  request: {
    headers: OperatorMutationHeaders,
    query: MutationQuery,
    body: { content: { 'application/json': { schema: NewKeySchema } }, required: true },
  },
  responses: {
    201: json(KeySchema, 'Issued, or what would be issued (dry run: an id minted but not kept, no secret)'),
    ...problems(400, 401, 403),
  },
})

export const revokeApiKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/api-keys/{keyId}',
  operationId: 'revokeApiKey',
  tags: ['API keys'],
  summary: 'Revoke a service key (admin key)',
  security: bearerSecurity,
  request: {
    params: z.object({
      keyId: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: 'keyId', in: 'path' } }),
    }),
    headers: OperatorMutationHeaders,
    query: MutationQuery,
  },
  responses: { 204: { description: 'Revoked, or would be (dry run)' }, ...problems(400, 401, 403, 404) },
})

/** What a dry run answers: the key as it would be issued, with no secret, since an unstored one could never work. */
const keyPreview = (body: z.infer<typeof NewKeySchema>) => ({
  key: { id: randomUUID(), name: body.name, org_ids: body.orgIds, support: body.support, created_at: new Date() },
  secret: '',
})

const isActiveKey = async (db: Kysely<Database>, keyId: string) =>
  (await db
    .selectFrom('api_keys')
    .select('id')
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()) !== undefined

/** Registers API key management; `keys` is the app's key cache, which forgets a key revoked here at once. */
export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDeps & { keys: ApiKeys }) {
  const { db, keys } = deps
  app.openapi(createApiKeyRoute, async (c) => {
    requireAdmin(c)
    const body = c.req.valid('json')
    const { key, secret } = isTrue(c.req.valid('query').dryRun)
      ? keyPreview(body)
      : await writeMarked(
          db,
          c.get('idempotencyClaim'),
          (trx) => createApiKey(trx, body),
          ({ key }) => ({
            subject: key.id,
          }),
        )
    return c.json(
      {
        id: key.id,
        name: key.name,
        orgIds: key.org_ids,
        support: key.support,
        createdAt: key.created_at.toISOString(),
        secret,
      },
      201,
    )
  })

  app.openapi(revokeApiKeyRoute, async (c) => {
    requireAdmin(c)
    const { keyId } = c.req.valid('param')
    const revoked = isTrue(c.req.valid('query').dryRun)
      ? await isActiveKey(db, keyId)
      : await writeMarked(
          db,
          c.get('idempotencyClaim'),
          (trx) => revokeApiKey(trx, keyId),
          (revoked) => (revoked ? { subject: keyId } : undefined),
        )
    if (!revoked) throw new ProblemError('NOT_FOUND', `There is no active API key ${keyId}.`)
    if (!isTrue(c.req.valid('query').dryRun)) keys.forget(keyId)
    return c.body(null, 204)
  })
}
