import { type Hook, z } from '@hono/zod-openapi'
import type { DenialCode, Denied } from '@rolecall/core'
import { isUniqueViolation } from '@rolecall/db'
import type { Context, ErrorHandler, NotFoundHandler, TypedResponse } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { JSONParsed } from 'hono/utils/types'
import type { Logger } from 'pino'
import type { AppEnv } from './app-env.js'
import { loneSurrogatePaths } from './lone-surrogates.js'

/** Problems that come from HTTP itself rather than from the role engine. */
export const HTTP_PROBLEM_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'METHOD_NOT_ALLOWED',
  'IDEMPOTENCY_MISMATCH',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_RESPONSE_LOST',
  'SECRET_SHOWN_ONCE',
  'INTERNAL',
  'UNAVAILABLE',
] as const

/** Every `code` a problem response can carry: the engine's denials plus the HTTP ones. */
export type ProblemCode = DenialCode | (typeof HTTP_PROBLEM_CODES)[number]

/**
 * The one place an HTTP status is chosen. A denial is 409 (the request is fine, the organization's
 * current state refuses it) unless it says something about the caller (403) or names a role the
 * model lacks (422: well-formed, but about nothing that exists). VALIDATION_FAILED is 400 rather
 * than 422 so a malformed body and a body with a wrong field answer alike.
 */
export const PROBLEM_STATUS = {
  UNKNOWN_ROLE: 422,
  NOT_AUTHORIZED: 403,
  TRANSFER_REQUIRED: 409,
  FEATURE_DISABLED: 409,
  BATCH_LIMIT: 409,
  QUOTA_EXCEEDED: 409,
  TRANSFER_PENDING: 409,
  TRANSFER_CLOSED: 409,
  CASE_CLOSED: 409,
  RESERVED_ROLE: 409,
  NOT_A_MEMBER: 409,
  TARGET_OUT_OF_REACH: 409,
  NOT_ELIGIBLE: 409,
  NOT_ENABLED: 409,
  PAIRING_REQUIRED: 409,
  SELF_REMOVAL_FORBIDDEN: 409,
  SELF_APPROVAL_FORBIDDEN: 409,
  LAST_HOLDER: 409,
  IMPLIED_ROLE: 409,
  CONFIRMATION_REQUIRED: 409,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_MISMATCH: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_RESPONSE_LOST: 409,
  SECRET_SHOWN_ONCE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<ProblemCode, ContentfulStatusCode>

export type ProblemStatus = (typeof PROBLEM_STATUS)[ProblemCode]
export const problemCodes = Object.keys(PROBLEM_STATUS) as [ProblemCode, ...ProblemCode[]]

/** RFC 9457 problem details, with Rolecall's stable `code` and what a client needs to act on a denial. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:rolecall:problem:LAST_HOLDER' }),
    title: z.string().openapi({ example: 'Last holder' }),
    status: z.number().int().openapi({ example: 409 }),
    detail: z.string(),
    code: z.enum(problemCodes),
    instance: z.string().openapi({ description: 'The request path', example: '/v1/orgs/acme/roles/owner' }),
    allowedRoles: z.array(z.string()).optional().openapi({ description: 'Roles whose holders could do it instead' }),
    contact: z.string().optional().openapi({ description: 'The principal to ask, when the model names one' }),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: 'body.role' }), message: z.string() }))
      .optional()
      .openapi({ description: 'One entry per invalid field (VALIDATION_FAILED)' }),
    violations: z
      .array(
        z.object({
          code: z.string().openapi({ example: 'BELOW_MIN' }),
          role: z.string(),
          principal: z.string().optional(),
          context: z.string().optional(),
          limit: z.number().int().optional(),
          count: z.number().int().optional(),
        }),
      )
      .optional()
      .openapi({ description: "What the org's current holders break in a model it is switched to (CONFLICT)" }),
    consistency: z
      .number()
      .int()
      .optional()
      .openapi({
        description:
          "The org's version after the change the first request with this Idempotency-Key applied: read with it as " +
          '`consistency` to see that change (IDEMPOTENCY_RESPONSE_LOST)',
      }),
  })
  .openapi('Problem')

export type Problem = z.infer<typeof ProblemSchema>
export type ProblemExtra = Pick<Problem, 'allowedRoles' | 'contact' | 'errors' | 'violations' | 'consistency'>
export type ProblemResponse<S extends ContentfulStatusCode = ProblemStatus> = Response &
  TypedResponse<JSONParsed<Problem>, S, 'json'>

type DenialStatus = (typeof PROBLEM_STATUS)[DenialCode]

const titleOf = (code: ProblemCode) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ')

/**
 * Thrown by request preconditions (actor header, org access) so handlers stay linear;
 * `onError` renders it like any other problem.
 */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail)
    this.name = 'ProblemError'
  }
}

/**
 * Answers `application/problem+json` with the status from `PROBLEM_STATUS`.
 * @example return result.ok ? c.json(result, 200) : problem(c, result, explain(result, 'en'))
 */
export function problem<C extends ProblemCode>(
  c: Context,
  code: C,
  detail: string,
  extra?: ProblemExtra,
): ProblemResponse<(typeof PROBLEM_STATUS)[C]>
export function problem(c: Context, denied: Denied, detail?: string): ProblemResponse<DenialStatus>
export function problem(c: Context, codeOrDenied: ProblemCode | Denied, detail?: string, extra: ProblemExtra = {}) {
  const denied = typeof codeOrDenied === 'object' ? codeOrDenied : undefined
  const code = denied ? denied.code : (codeOrDenied as ProblemCode)
  const more = denied ? { allowedRoles: denied.allowedRoles, contact: denied.contact } : extra
  const body = problemDetails(code, detail ?? titleOf(code), c.req.path, more)
  return c.json(body, PROBLEM_STATUS[code], { 'Content-Type': 'application/problem+json' })
}

/**
 * The problem document itself, for an answer written without Hono (one to a request Node refused to parse).
 * @example problemDetails('HEADERS_TOO_LARGE', 'The header block is over 16384 bytes.', '/v1/orgs')
 */
export function problemDetails(code: ProblemCode, detail: string, instance: string, extra: ProblemExtra = {}): Problem {
  return {
    type: `urn:rolecall:problem:${code}`,
    title: titleOf(code),
    status: PROBLEM_STATUS[code],
    detail,
    code,
    instance,
    ...extra,
  }
}

type ProblemResponses<S extends ProblemStatus> = {
  [K in S]: { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
}

/**
 * Problem responses for a route definition, each described by the codes that answer with it.
 * @example responses: { 200: json(DecisionSchema, 'Role revoked'), ...problems(403, 404, 409) }
 */
export function problems<const S extends ProblemStatus>(...statuses: S[]): ProblemResponses<S> {
  const entries = statuses.map((status) => {
    const codes = problemCodes.filter((code) => PROBLEM_STATUS[code] === status)
    const content = { 'application/problem+json': { schema: ProblemSchema } }
    return [status, { description: `Problem: ${codes.join(', ')}`, content }]
  })
  return Object.fromEntries(entries)
}

const LOCATION = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' }

/** Where in the request a value failed validation, in zod-openapi's (Hono's validator's) names. */
export type ValidationTarget = keyof typeof LOCATION

const fieldPath = (target: ValidationTarget, path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : `${joined}.${String(key)}`),
    LOCATION[target],
  )

/**
 * VALIDATION_FAILED naming each invalid field, for routes that validate without zod-openapi's hook.
 * @example if (!parsed.success) return validationFailed(c, 'json', parsed.error)
 */
export function validationFailed(c: Context, target: ValidationTarget, error: z.ZodError): ProblemResponse {
  const errors = error.issues.map((issue) => ({ path: fieldPath(target, issue.path), message: issue.message }))
  return problem(c, 'VALIDATION_FAILED', 'The request is invalid; see errors for each field.', { errors })
}

const LONE_SURROGATE = 'Invalid string: holds a lone UTF-16 surrogate (half of a pair), which is not valid Unicode'

/**
 * VALIDATION_FAILED naming each string of validated input that is not valid Unicode, or undefined when
 * every one is. Checked on what a schema accepted, for every field at once, so no schema has to repeat it.
 * @example const unfit = invalidText(c, 'json', parsed.data); if (unfit) return unfit
 */
export function invalidText(c: Context, target: ValidationTarget, data: unknown): ProblemResponse | undefined {
  const paths = loneSurrogatePaths(data)
  if (paths.length === 0) return undefined
  const errors = paths.map((path) => ({ path: fieldPath(target, path), message: LONE_SURROGATE }))
  return problem(c, 'VALIDATION_FAILED', 'The request is invalid; see errors for each field.', { errors })
}

/**
 * zod-openapi's hook for every route: a failed validation, or input holding text that is not valid
 * Unicode, becomes VALIDATION_FAILED naming each field.
 * @example new OpenAPIHono<AppEnv>({ defaultHook })
 */
export const defaultHook: Hook<unknown, AppEnv, string, ProblemResponse | undefined> = (result, c) =>
  result.success ? invalidText(c, result.target, result.data) : validationFailed(c, result.target, result.error)

// HTTPExceptions come from Hono's own middleware (malformed JSON, body limits); map them by status.
const CODE_FOR_STATUS: Partial<Record<number, ProblemCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'NOT_AUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  503: 'UNAVAILABLE',
}

// Postgres refuses a NUL character in text (22021) and in jsonb (22P05), on pg and PGlite alike. Only a
// client puts one there, through any id, name or path segment, so it is bad input rather than a fault.
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05'])
// Postgres rolled the transaction back to break a deadlock (40P01) or a serialization conflict (40001) with
// a concurrent one: nothing was written, and the same request sent again goes through.
const ROLLED_BACK_CODES = new Set(['40001', '40P01'])
const hasCode = (codes: Set<string>) => (err: unknown) =>
  typeof err === 'object' && err !== null && codes.has(String((err as { code?: unknown }).code))
const isUnstorableText = hasCode(UNSTORABLE_TEXT_CODES)
const isRolledBack = hasCode(ROLLED_BACK_CODES)

// A unique index refused the write, so its transaction wrote nothing: the request clashes with stored data,
// whichever request won a race. Each sentence names the kind of clash, never the other row's values.
const UNIQUE_CONFLICTS = {
  people_org_email_key: 'This e-mail address belongs to another person of this organization.',
  orgs_pkey: 'An organization with this id exists already.',
  orgs_slack_team_id_key: 'Another organization is linked to this Slack team.',
} as const
type UniqueIndex = keyof typeof UNIQUE_CONFLICTS

// Own keys only: a constraint named `constructor` has no sentence, though every object answers to it.
const sentenceFor = (err: unknown): string | undefined => {
  const constraint = String((err as { constraint?: unknown }).constraint)
  return Object.hasOwn(UNIQUE_CONFLICTS, constraint) ? UNIQUE_CONFLICTS[constraint as UniqueIndex] : undefined
}

/**
 * The CONFLICT a unique index answers, for a route that finds the clash before writing (so its dry
 * run answers alike); `onError` gives the same one when the index itself refuses.
 * @example if (taken) throw uniqueConflict('people_org_email_key')
 */
export const uniqueConflict = (index: UniqueIndex) => new ProblemError('CONFLICT', UNIQUE_CONFLICTS[index])

/**
 * The app's one error handler: known problems are rendered, anything else is logged with the
 * request id and answered with a generic 500, never with the error's message or stack. The logger
 * writes an error without the values it quotes (`loggableError`).
 * @example app.onError(onError(logger))
 */
export const onError =
  (logger: Logger): ErrorHandler<AppEnv> =>
  (err, c) => {
    if (err instanceof ProblemError) return problem(c, err.code, err.detail, err.extra)
    if (err instanceof HTTPException && err.status < 500) {
      const challenge = err.res?.headers.get('WWW-Authenticate')
      if (challenge) c.header('WWW-Authenticate', challenge)
      const code = CODE_FOR_STATUS[err.status] ?? 'VALIDATION_FAILED'
      return problem(c, code, err.message || titleOf(code))
    }
    if (isUnstorableText(err)) {
      return problem(c, 'VALIDATION_FAILED', 'The request contains text that cannot be stored (a NUL character).')
    }
    const requestId = c.get('requestId')
    if (isRolledBack(err)) {
      logger.warn({ err, requestId, method: c.req.method }, 'rolled back for a concurrent request')
      c.header('Retry-After', '1')
      return problem(
        c,
        'UNAVAILABLE',
        'The request collided with a concurrent one and was rolled back; nothing was written. Send it again.',
      )
    }
    if (isUniqueViolation(err)) {
      const known = sentenceFor(err)
      // An index no sentence was written for is a race nobody foresaw: worth a look, not a 500.
      if (!known) logger.warn({ err, requestId, method: c.req.method }, 'unforeseen unique conflict')
      return problem(c, 'CONFLICT', known ?? 'The request clashes with data stored meanwhile; nothing was written.')
    }
    logger.error({ err, requestId, method: c.req.method }, 'request failed')
    return problem(c, 'INTERNAL', `An unexpected error occurred. Quote request id ${requestId} when reporting it.`)
  }

/**
 * Unknown routes answer a NOT_FOUND problem instead of Hono's plain-text 404.
 * @example app.notFound(notFound)
 */
export const notFound: NotFoundHandler<AppEnv> = (c) =>
  problem(c, 'NOT_FOUND', `There is no ${c.req.method} ${c.req.path}.`)
