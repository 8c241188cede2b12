import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from '@hono/zod-openapi'
import { BACKGROUND, isSupportPrincipal, type PrincipalId } from '@rolecall/core'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env.js'
import { ProblemError, problem } from './problem.js'

/** Who called the API: the admin key, or a service key limited to some orgs (`null`: all orgs). */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'service'; keyId: string; orgIds: string[] | null; support: boolean }

/** A stored API key, as storage finds it from the secret a caller sent. */
export interface ApiKeyRecord {
  id: string
  /** The orgs this key may touch; `null` for every org. */
  orgIds: string[] | null
  /** Whether the key may act as `support:<name>` principals. */
  support: boolean
}

export interface AuthDeps {
  /** Grants everything; compared in constant time. */
  adminKey: string
  /** Storage keeps only sha-256 hashes of secrets, so it hashes `secret` itself before looking it up. */
  findApiKey(secret: string): Promise<ApiKeyRecord | undefined>
  /** How long a key found by `findApiKey` is trusted without asking storage again; see `bearerAuth`. */
  keyCacheMs?: number
}

/** How long a verified API key is trusted in memory: the longest a revocation made elsewhere can lag. */
export const KEY_CACHE_MS = 2000
const KEY_CACHE_MAX = 10_000
const REVOKE_PATH = /^\/v1\/api-keys\/([^/]+)$/
const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** `security` for a route definition under `/v1`, naming the scheme `createApp` registers. */
export const bearerSecurity = [{ bearerAuth: [] }]

export const ACTOR_HEADER = 'X-Rolecall-Actor'

/** The actor header as a route's `request.headers`, so it is validated and shown in the spec. */
export const ActorHeadersSchema = z.object({
  'x-rolecall-actor': z
    .string()
    .min(1)
    .openapi({
      param: { name: ACTOR_HEADER.toLowerCase(), in: 'header' },
      description: 'Who performs the request: a user id, or `support:<name>` through a support key.',
      example: 'usr_ana',
    }),
})

const sha256 = (text: string) => createHash('sha256').update(text).digest()

// RFC 6750's b64token, with the scheme name case-insensitive as RFC 9110 asks.
const BEARER = /^Bearer +([\w\-.~+/]+=*) *$/i

/**
 * Authenticates `Authorization: Bearer <key>` and sets `c.var.principal`; anything else is 401.
 *
 * A service key storage found is trusted for `keyCacheMs` (KEY_CACHE_MS) without another lookup, so
 * checks do not pay a database round trip each. Revoking a key through this process forgets it at
 * once; a revocation made through another process takes effect here within that time. Unknown keys
 * are never remembered, so a new key works at once and guesses cannot fill the memory.
 * @example app.use('/v1/*', bearerAuth({ adminKey, findApiKey }))
 */
export function bearerAuth(auth: AuthDeps): MiddlewareHandler<AppEnv> {
  // Digests have equal lengths whatever the key, so timingSafeEqual never throws and leaks no length.
  const adminDigest = sha256(auth.adminKey)
  const ttl = auth.keyCacheMs ?? KEY_CACHE_MS
  // By digest, never by secret: a secret kept in memory only as long as the request that sent it.
  const known = new Map<string, { key: ApiKeyRecord; until: number }>()
  const findKey = async (secret: string, digest: Buffer): Promise<ApiKeyRecord | undefined> => {
    const id = digest.toString('base64')
    const hit = known.get(id)
    if (hit && hit.until > performance.now()) return hit.key
    known.delete(id)
    const key = await auth.findApiKey(secret)
    if (key && ttl > 0) {
      if (known.size >= KEY_CACHE_MAX) known.clear()
      known.set(id, { key, until: performance.now() + ttl })
    }
    return key
  }
  const forget = (keyId: string) => {
    for (const [id, entry] of known) if (entry.key.id === keyId) known.delete(id)
  }
  return async (c, next) => {
    const secret = BEARER.exec(c.req.header('Authorization') ?? '')?.[1]
    if (!secret) {
      c.header('WWW-Authenticate', 'Bearer realm="rolecall"')
      return problem(c, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".')
    }
    const digest = sha256(secret)
    if (timingSafeEqual(digest, adminDigest)) {
      c.set('principal', { kind: 'admin' })
    } else {
      const key = await findKey(secret, digest)
      if (!key) {
        c.header('WWW-Authenticate', 'Bearer realm="rolecall", error="invalid_token"')
        return problem(c, 'UNAUTHENTICATED', 'The API key is unknown or has been revoked.')
      }
      c.set('principal', { kind: 'service', keyId: key.id, orgIds: key.orgIds, support: key.support })
    }
    await next()
    // A key revoked here stops working here with the very next request.
    const revoked = c.req.method === 'DELETE' && c.res.status < 300 ? REVOKE_PATH.exec(c.req.path)?.[1] : undefined
    if (revoked) forget(safeDecode(revoked))
  }
}

/**
 * The actor of a request, from `X-Rolecall-Actor`; throws a problem when the caller may not act as them.
 * @example const actor = requireActor(c) // 'usr_ana'
 */
export function requireActor(c: Context<AppEnv>): PrincipalId {
  const actor = c.req.header(ACTOR_HEADER)?.trim()
  if (!actor || actor === 'support:') {
    throw new ProblemError('VALIDATION_FAILED', `The ${ACTOR_HEADER} header must name who performs this request.`, {
      errors: [{ path: `header.${ACTOR_HEADER.toLowerCase()}`, message: 'Required: a user id or support:<name>' }],
    })
  }
  if (actor === BACKGROUND) {
    throw new ProblemError(
      'NOT_AUTHORIZED',
      'The background principal acts only inside the service, never through the API.',
    )
  }
  const principal = c.get('principal')
  if (isSupportPrincipal(actor) && principal.kind === 'service' && !principal.support) {
    throw new ProblemError(
      'NOT_AUTHORIZED',
      'Support principals act only through an API key created with support: true.',
    )
  }
  return actor
}

/**
 * Whether the caller's key reaches this org.
 * @example canAccessOrg({ kind: 'service', keyId: 'k1', orgIds: ['acme'], support: false }, 'acme') // true
 */
export const canAccessOrg = (principal: Principal, orgId: string): boolean =>
  principal.kind === 'admin' || principal.orgIds === null || principal.orgIds.includes(orgId)

/**
 * The problem for an org that does not exist. A key limited to other orgs gets the very same
 * answer, so it cannot probe which orgs exist.
 * @example throw orgNotFound('acme')
 */
export const orgNotFound = (orgId: string) => new ProblemError('NOT_FOUND', `There is no organization ${orgId}.`)

/**
 * Throws `orgNotFound` unless the caller's key reaches this org.
 * @example requireOrgAccess(c, c.req.valid('param').orgId)
 */
export function requireOrgAccess(c: Context<AppEnv>, orgId: string): void {
  if (!canAccessOrg(c.get('principal'), orgId)) throw orgNotFound(orgId)
}

/**
 * Throws unless the caller used the admin key: creating orgs and managing API keys is the operator's job.
 * @example requireAdmin(c)
 */
export function requireAdmin(c: Context<AppEnv>): void {
  if (c.get('principal').kind !== 'admin') {
    throw new ProblemError('NOT_AUTHORIZED', 'Only the admin key may do this.')
  }
}
