import type { OpenAPIHono } from '@hono/zod-openapi'
import { takesIdempotencyKey } from './idempotent-operations.js'
import { problems } from './problem.js'

/** The OpenAPI 3.1 document `OpenAPIHono` generates. */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>
type PathItem = NonNullable<OpenApiDocument['paths']>[string]
type Operation = NonNullable<PathItem['post']>
type Responses = NonNullable<Operation['responses']>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

// Each status lists every code that answers with it, as the routes' own problem responses do; the middleware's
// are VALIDATION_FAILED (400), IDEMPOTENCY_IN_PROGRESS, IDEMPOTENCY_RESPONSE_LOST and SECRET_SHOWN_ONCE (409),
// and IDEMPOTENCY_MISMATCH (422); the error handler's is UNAVAILABLE (503), for a transaction Postgres
// rolled back in favour of a concurrent one.
const MUTATION_PROBLEMS = problems(400, 409, 422, 503)
// The generated document names ProblemSchema by its component, as every route's problem response does.
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before retrying, sent with IDEMPOTENCY_IN_PROGRESS and UNAVAILABLE.',
    schema: { type: 'integer', minimum: 0 },
  },
}

function withMutationResponses(op: Operation): Operation {
  const responses: Responses = { ...op.responses }
  for (const [status, { description }] of Object.entries(MUTATION_PROBLEMS)) {
    responses[status] ??= { description, content: PROBLEM_CONTENT }
  }
  // A route's own 409 (a denial) or 503 is the same status, so it also carries the Retry-After.
  for (const status of ['409', '503']) {
    const answer = responses[status]
    if (answer && !('$ref' in answer)) responses[status] = { ...answer, headers: { ...answer.headers, ...RETRY_AFTER } }
  }
  return { ...op, responses }
}

function withAnswersOn(item: PathItem): PathItem {
  const answered = { ...item }
  for (const method of METHODS) {
    const op = item[method]
    if (op && takesIdempotencyKey(op)) answered[method] = withMutationResponses(op)
  }
  return answered
}

/**
 * The document with what any mutation can answer besides its route's own answers, declared on every
 * operation that takes `Idempotency-Key` (every mutation does): the middleware's problems, and a rollback
 * in favour of a concurrent request. They come from outside the routes, so they are added in this one
 * place rather than to each route's `responses`, where a new route would forget them.
 * @example app.get('/openapi.json', (c) => c.json(withMutationAnswers(app.getOpenAPI31Document(config))))
 */
export function withMutationAnswers(doc: OpenApiDocument): OpenApiDocument {
  const paths = Object.entries(doc.paths ?? {}).map(([path, item]) => [path, withAnswersOn(item)] as const)
  return { ...doc, paths: Object.fromEntries(paths) }
}
