import type { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { type ProblemResponse, validationFailed } from './problem.js'

/** The schemas of a route whose body is required JSON, as its `createRoute` definition names them. */
export interface RequestSchemas<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: P
  query: Q
  body: B
}

export type ValidRequest<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  params: z.output<P>
  query: z.output<Q>
  body: z.output<B>
}

// zod-openapi's media-type gate for a route that declares only `application/json`.
export const JSON_MEDIA_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i

/**
 * Validates path, query and a required JSON body in one synchronous pass, answering exactly as
 * `app.openapi()` would (same order, same VALIDATION_FAILED field paths, same 415 and malformed-JSON
 * errors) without its four async middleware layers. For the hottest routes only: register their
 * definition with `app.openAPIRegistry.registerPath` so the document still describes them.
 * `accept`, when given, may vouch for a body first (cheaply, without copying it); zod then only
 * runs on what it refuses, to name the invalid fields.
 * @example const input = await validateRequest(c, { params: OrgParams, query: ReadQuery, body: CheckSchema })
 */
export async function validateRequest<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  c: Context,
  schemas: RequestSchemas<P, Q, B>,
  accept?: (body: unknown) => body is z.output<B>,
): Promise<ValidRequest<P, Q, B> | ProblemResponse> {
  const query = schemas.query.safeParse(queryOf(c))
  if (!query.success) return validationFailed(c, 'query', query.error)
  const params = schemas.params.safeParse(c.req.param())
  if (!params.success) return validationFailed(c, 'param', params.error)

  const contentType = c.req.header('content-type')
  let raw: unknown = {}
  if (contentType === undefined) {
    // No media type: an empty body is validated as `{}`, any other is refused like a wrong one.
    if ((await c.req.arrayBuffer()).byteLength > 0) unsupported()
  } else {
    if (!JSON_MEDIA_TYPE.test(contentType)) unsupported()
    try {
      raw = await c.req.json()
    } catch {
      throw new HTTPException(400, { message: 'Malformed JSON in request body' })
    }
  }
  if (accept?.(raw)) return { params: params.data, query: query.data, body: raw }
  const body = schemas.body.safeParse(raw)
  if (!body.success) return validationFailed(c, 'json', body.error)
  return { params: params.data, query: query.data, body: body.data }
}

function unsupported(): never {
  throw new HTTPException(415, { message: 'Unsupported Media Type' })
}

// As Hono's validator reads the query: a repeated name becomes a list.
function queryOf(c: Context): Record<string, string | string[]> {
  if (!c.req.url.includes('?')) return {}
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? (v[0] ?? '') : v]))
}
