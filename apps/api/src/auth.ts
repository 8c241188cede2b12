import { hash } from 'node:crypto'
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
  /** How long a key found by `findApiKey` is trusted without asking storage again; see `ApiKeys`. */
  keyCacheMs?: number
}

/** How long a verified API key is trusted in memory: the longest a revocation made elsewhere can lag. */
export const KEY_CACHE_MS = 2000
const KEY_CACHE_MAX = 10_000

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

// One-shot hashing to a string is several times cheaper than createHash()…digest() on the per-request path.
const sha256 = (text: string) => hash('sha256', text, 'base64')

/** Compares two digests in time that depends only on their length, never on where they differ. */
function sameDigest(a: string, b: string): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

// RFC 6750's b64token, with the scheme name case-insensitive as RFC 9110 asks.
const BEARER = /^Bearer +([\w\-.~+/]+=*) *$/i

/**
 * The secret in an `Authorization: Bearer <key>` header, or undefined for any other header.
 * @example bearerSecret('Bearer rc_key_abc') // 'rc_key_abc'
 */
export const bearerSecret = (authorization: string | undefined): string | undefined =>
  authorization === undefined ? undefined : BEARER.exec(authorization)?.[1]

/**
 * Who a bearer secret belongs to. A service key storage found is trusted for `keyCacheMs`
 * (KEY_CACHE_MS) without another lookup, so checks do not pay a database round trip each. Revoking
 * a key through this process forgets it at once; a revocation made through another process takes
 * effect here within that time. Unknown keys are never remembered, so a new key works at once and
 * guesses cannot fill the memory. Keys are remembered by digest, never by secret.
 * @example const principal = await new ApiKeys(auth).find(secret)
 */
export class ApiKeys {
  private readonly adminDigest: string
  private readonly ttl: number
  private readonly known = new Map<string, { principal: Principal; until: number }>()

  constructor(private readonly auth: AuthDeps) {
    this.adminDigest = sha256(auth.adminKey)
    this.ttl = auth.keyCacheMs ?? KEY_CACHE_MS
  }

  /** The caller `secret` names when that is known without asking storage; else undefined. */
  cached(secret: string): Principal | undefined {
    return this.cachedByDigest(sha256(secret))
  }

  /** The caller `secret` names, asking storage when needed; undefined for an unknown or revoked key. */
  async find(secret: string): Promise<Principal | undefined> {
    const digest = sha256(secret)
    const cached = this.cachedByDigest(digest)
    if (cached) return cached
    this.known.delete(digest)
    const key = await this.auth.findApiKey(secret)
    if (!key) return undefined
    const principal: Principal = { kind: 'service', keyId: key.id, orgIds: key.orgIds, support: key.support }
    if (this.ttl > 0) {
      if (this.known.size >= KEY_CACHE_MAX) this.known.clear()
      this.known.set(digest, { principal, until: performance.now() + this.ttl })
    }
    return principal
  }

  private cachedByDigest(digest: string): Principal | undefined {
    if (sameDigest(digest, this.adminDigest)) return ADMIN
    const hit = this.known.get(digest)
    return hit && hit.until > performance.now() ? hit.principal : undefined
  }

  /** A key was revoked: stop trusting it here at once. */
  forget(keyId: string): void {
    for (const [digest, entry] of this.known) {
      if (entry.principal.kind === 'service' && entry.principal.keyId === keyId) this.known.delete(digest)
    }
  }
}

const ADMIN: Principal = { kind: 'admin' }

/**
 * Authenticates `Authorization: Bearer <key>` through `keys` and sets `c.var.principal`; anything
 * else is 401. A key revoked through this app is forgotten by `keys` at once (the revoking route tells it).
 * @example app.use('/v1/*', bearerAuth(new ApiKeys({ adminKey, findApiKey })))
 */
export function bearerAuth(keys: ApiKeys): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = bearerSecret(c.req.header('Authorization'))
    if (!secret) {
      c.header('WWW-Authenticate', 'Bearer realm="rolecall"')
      return problem(c, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".')
    }
    const principal = await keys.find(secret)
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="rolecall", error="invalid_token"')
      return problem(c, 'UNAUTHENTICATED', 'The API key is unknown or has been revoked.')
    }
    c.set('principal', principal)
    return next()
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

/**
 * The audit actor of an operator's change (one made with a key, with no acting user): which key made it,
 * as `operator:admin` or `operator:<API key id>`, so the audit log tells whose credential to ask about.
 * @example await writeOrg(deps, { orgId, actor: operatorOf(c), ...writeOrigin(c) }, plan)
 */
export function operatorOf(c: Context<AppEnv>): string {
  const principal = c.get('principal')
  return `operator:${principal.kind === 'admin' ? 'admin' : principal.keyId}`
}
