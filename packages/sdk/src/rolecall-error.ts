import type { Problem, ProblemCode } from './schemas.js'

/**
 * A problem's `code`, or `UNEXPECTED_RESPONSE` when an error response was not a Rolecall problem
 * (e.g. an HTML page from a proxy in front of the API).
 */
export type RolecallErrorCode = ProblemCode | 'UNEXPECTED_RESPONSE'

/** A problem as the error carries it: the API's body, or one made up for a response that had none. */
export type RolecallProblem<C extends RolecallErrorCode = RolecallErrorCode> = Omit<Problem, 'code'> & { code: C }

/**
 * Thrown by the client's methods for every error response, carrying the API's problem details.
 * @example
 * try {
 *   await rolecall.roles.revoke('acme', 'owner', 'usr_ana')
 * } catch (e) {
 *   if (isRolecallError(e, 'LAST_HOLDER')) console.log(e.detail, e.allowedRoles)
 * }
 */
export class RolecallError<C extends RolecallErrorCode = RolecallErrorCode> extends Error {
  override readonly name = 'RolecallError'
  /** The HTTP status. */
  readonly status: number
  /** The stable code to branch on; the sentence in `detail` may change and is localised. */
  readonly code: C
  /** A sentence for people, naming who could do it instead when the API knows. */
  readonly detail: string
  /** Roles whose holders could do it instead. */
  readonly allowedRoles: string[] | undefined
  /** The principal to ask, when the role model names one. */
  readonly contact: string | undefined
  /** One entry per invalid field (VALIDATION_FAILED). */
  readonly errors: Problem['errors']
  /** The request id the API logged the request under; quote it when reporting a problem. */
  readonly requestId: string | undefined
  /** The whole problem body. */
  readonly problem: RolecallProblem<C>

  constructor(problem: RolecallProblem<C>, options: { requestId?: string | undefined; cause?: unknown } = {}) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`, { cause: options.cause })
    this.problem = problem
    this.status = problem.status
    this.code = problem.code
    this.detail = problem.detail
    this.allowedRoles = problem.allowedRoles
    this.contact = problem.contact
    this.errors = problem.errors
    this.requestId = options.requestId
  }
}

/**
 * Whether `error` is a RolecallError, and when codes are given, one with any of those codes;
 * narrows `error.code` to them.
 * @example if (isRolecallError(e, 'LAST_HOLDER', 'CONFIRMATION_REQUIRED')) showHint(e.code, e.detail)
 */
export function isRolecallError<C extends RolecallErrorCode = RolecallErrorCode>(
  error: unknown,
  ...codes: C[]
): error is RolecallError<C> {
  return error instanceof RolecallError && (codes.length === 0 || codes.includes(error.code as C))
}

/** The error for an error response, from the body openapi-fetch parsed (JSON when it could, else text). */
export function errorFromResponse(response: Response, body: unknown): RolecallError {
  const requestId = response.headers.get('X-Request-Id') ?? undefined
  if (isProblem(body)) return new RolecallError(body, { requestId })
  const text = typeof body === 'string' ? body.trim().slice(0, 500) : ''
  return new RolecallError(
    {
      type: 'about:blank',
      title: response.statusText || 'Unexpected response',
      status: response.status,
      detail: text || `The API answered ${response.status} without problem details.`,
      code: 'UNEXPECTED_RESPONSE',
      instance: pathOf(response.url),
    },
    { requestId },
  )
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false
  const { code, status, detail } = body as Record<string, unknown>
  return typeof code === 'string' && typeof status === 'number' && typeof detail === 'string'
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '' // a Response made in code has no URL
  }
}
