import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { type ApiKeys, bearerSecret, canAccessOrg } from '../auth.js'
import { consistencyFor } from '../commands/consistency.js'
import { CONSISTENCY_HEADER } from '../commands/decided.js'
import { localeFor } from '../locale.js'
import { REQUEST_ID_HEADER, requestIdFor } from '../request-id.js'
import { requestLineWriter } from '../request-log.js'
import type { OrgStateCache } from '../state-cache.js'
import { answerJson, batchAnswerJson, decide, isUnknownAction, JSON_HEADERS } from './answer-json.js'
import { batchFromText } from './batch-from-text.js'
import { batchCheckRoute, checkRoute } from './check-routes.js'
import { isCheck, isPlainBatch } from './is-check.js'
import { routeGate } from './route-gate.js'
import { turnEndWrites } from './turn-end-writes.js'

// What the lane takes of each check route, read from the route's own definition.
const GATES = [
  { gate: routeGate(checkRoute), batch: false },
  { gate: routeGate(batchCheckRoute), batch: true },
]
// A Host that @hono/node-server uses as it is; any other it validates (and may refuse) itself.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/
const DIGITS = /^\d+$/

const CONSISTENCY = CONSISTENCY_HEADER.toLowerCase()
const REQUEST_ID = REQUEST_ID_HEADER.toLowerCase()

/** The check route whose gate takes `method` and `url`, with what the gate read of the URL. */
function gated(method: string | undefined, url: string) {
  for (const { gate, batch } of GATES) {
    if (gate.method !== method) continue
    const request = gate.match(url)
    if (request !== undefined) return { gate, batch, request }
  }
  return undefined
}

export interface CheckLaneDeps {
  /** The app, for a request the lane has read but does not answer. */
  app: {
    fetch(request: Request, env: { incoming: IncomingMessage; outgoing: ServerResponse }): Promise<Response> | Response
  }
  /** The same app's Node listener, for a request the lane does not take. */
  hono: RequestListener
  /** The app's own key cache, so a key revoked through the app stops working here too. */
  keys: ApiKeys
  cache: OrgStateCache
  logger: Logger
  /** The app's own limit on request bodies (`MAX_BODY_BYTES`); a larger one is the app's to refuse. */
  maxBodyBytes: number
}

/** A request the lane takes: which org, and one check or a batch. */
interface Lane {
  method: string
  /** The URL without its query, as the app logs it. */
  path: string
  orgId: string
  batch: boolean
  consistency: number
}

/**
 * Serves the permission checks straight from Node, in front of the Hono app, when they are the common
 * case: a request the check route's definition accepts as it is (`routeGate`: its path, query and media
 * type), a JSON body of known length within the app's limit, a key already verified in this process, an
 * org whose state is cached and fresh, and a body that is plainly valid (`isCheck`, read from the
 * schema). The lane answers only with the 200 the Hono route would give, with the same headers, body and
 * log line, computed by the same functions; everything else (a query the gate does not take, an unknown
 * key, a cold org, bad JSON, an invalid check, an unknown action) is handed to the app, which answers it
 * as always. Checks are the hot path, and the app's middleware layers, router and Web request objects
 * cost more than the decision. The lane's answers go out together at the end of each event-loop turn
 * (`turnEndWrites`). The contract, that the lane answers byte for byte as the app, is the property test
 * in `test/http/check-lane.test.ts`.
 * @example createServer(withCheckLane({ app, hono: getRequestListener(app.fetch), keys, cache, logger, maxBodyBytes }))
 */
export function withCheckLane(deps: CheckLaneDeps): RequestListener {
  const writeLine = requestLineWriter(deps.logger)
  const end = turnEndWrites((err) => deps.logger.error({ err }, 'answering a check failed'))
  const laneFor = (req: IncomingMessage): Lane | undefined => {
    const taken = gated(req.method, req.url ?? '')
    if (taken === undefined) return undefined
    const { gate, batch, request } = taken
    const { orgId } = request.params
    const { headers } = req
    // Node keeps only the first of a repeated Authorization or Content-Type, where the app sees them joined.
    if (Object.keys(headers).length * 2 !== req.rawHeaders.length) return undefined
    if (headers.host === undefined || !PLAIN_HOST.test(headers.host)) return undefined
    const length = headers['content-length']
    const contentType = headers['content-type']
    if (length === undefined || !DIGITS.test(length) || Number(length) > deps.maxBodyBytes) return undefined
    if (contentType === undefined || !gate.takesContentType(contentType)) return undefined
    if (headers['transfer-encoding'] !== undefined) return undefined
    const secret = bearerSecret(headers.authorization)
    const principal = secret === undefined ? undefined : deps.keys.cached(secret)
    if (!principal || !canAccessOrg(principal, orgId)) return undefined
    // As the app reads it: the query's token wins over the header's.
    const consistency = consistencyFor(request.query.consistency ?? header(headers[CONSISTENCY]))
    if (!deps.cache.fresh(orgId, consistency)) return undefined
    return { method: gate.method, path: request.path, orgId, batch, consistency }
  }

  /** The answer the app's check route would give with 200, or undefined when it would give another. */
  const answer = (lane: Lane, text: string, acceptLanguage: string | undefined): string | undefined => {
    // Looked up again: a write may have committed while the body arrived.
    const view = deps.cache.fresh(lane.orgId, lane.consistency)
    if (!view) return undefined
    const locale = localeFor(acceptLanguage)
    if (lane.batch) {
      const answered = batchFromText(view, text, locale)
      if (answered !== undefined) return answered
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return undefined
    }
    if (lane.batch) return isPlainBatch(body) ? batchAnswerJson(view, body.checks, locale) : undefined
    if (!isCheck(body)) return undefined
    const decision = decide(view, body)
    return isUnknownAction(decision) ? undefined : answerJson(decision, view, locale)
  }

  return (req, res) => {
    const lane = laneFor(req)
    if (!lane) return deps.hono(req, res)
    const start = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A client gone mid-body leaves nothing to answer.
    req.once('error', () => res.destroy())
    req.once('end', () => {
      try {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
        const json = answer(lane, body.toString('utf8'), header(req.headers['accept-language']))
        if (json === undefined) return handOver(deps, req, res, body)
        const requestId = requestIdFor(header(req.headers[REQUEST_ID]))
        res.writeHead(200, {
          [REQUEST_ID_HEADER]: requestId,
          ...JSON_HEADERS,
          'Content-Length': Buffer.byteLength(json),
        })
        end(res, json, () =>
          writeLine({ requestId, method: lane.method, path: lane.path, status: 200, ms: performance.now() - start }),
        )
      } catch (err) {
        // Only a fault of the server itself (its logger, say) lands here: the request cannot be answered.
        res.destroy()
        deps.logger.error({ err }, 'answering a check failed')
      }
    })
  }
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value)

/**
 * Has the app answer a request whose body the lane has already read, and writes its response, as
 * @hono/node-server would: the app's work is aborted when the client goes away.
 */
function handOver(deps: CheckLaneDeps, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string)
  }
  const gone = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) gone.abort()
  })
  // `laneFor` took only a plain Host and path, so together they are a valid URL.
  const url = `http://${req.headers.host}${req.url}`
  const request = new Request(url, { method: req.method, headers, body, signal: gone.signal })
  Promise.resolve()
    .then(() => deps.app.fetch(request, { incoming: req, outgoing: res }))
    .then(async (response) => {
      const payload = Buffer.from(await response.arrayBuffer())
      const outgoing: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        outgoing[name] = value
      })
      outgoing['content-length'] ??= String(payload.byteLength)
      res.writeHead(response.status, outgoing)
      res.end(payload)
    })
    .catch((err: unknown) => {
      res.destroy()
      deps.logger.error({ err }, 'answering a check failed')
    })
}
