import { type RouteConfig, z } from '@hono/zod-openapi'
import { lengthLimits } from './length-limits.js'

// RFC 3986's pchar without percent-escapes: characters that every URL parser leaves as they are and that
// Hono reads as themselves, so a value written in them is the value the route validates.
const PCHAR = "A-Za-z0-9\\-._~!$&'()*+,;=:@"
// The same in a query value, but for `&` and `=`, which delimit, and `+`, which Hono reads as a space.
const QUERY_VALUE = /^[A-Za-z0-9\-._~!$'()*,;:@]*$/
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/
// Clients send the same few queries again and again (the token of their last write), so each text is
// judged by zod once; a flood of different ones only empties the memo.
const MOST_JUDGED = 1000
const REFUSED = { success: false } as const

/** The body media type a gate takes: the one the check routes declare, which the lane parses. */
const JSON_MEDIA_TYPE = 'application/json'

/**
 * The ways a gate takes `application/json` written: alone, or with the one charset JSON has (RFC 8259),
 * as .NET and older Spring clients send it. Any other spelling, valid or not, is the app's to judge.
 */
export const JSON_CONTENT_TYPES = [
  JSON_MEDIA_TYPE,
  ...['utf-8', 'UTF-8'].flatMap((charset) => [';', '; '].map((sep) => `${JSON_MEDIA_TYPE}${sep}charset=${charset}`)),
] as const

/** A request a gate takes: its path and the route's parameters and query, as the route would validate them. */
export interface GatedRequest<Params, Query> {
  /** The URL without its query, as the app logs it. */
  path: string
  params: Params
  query: Query
}

export interface RouteGate<Params, Query> {
  /** The route's method, in upper case as Node gives it. */
  method: string
  /** The path parameters and query of `url` when the route takes it as it is; undefined for any other. */
  match(url: string): GatedRequest<Params, Query> | undefined
  /** Whether `contentType` declares a body of a media type the route takes, written the plain way. */
  takesContentType(contentType: string): boolean
}

type Request = NonNullable<RouteConfig['request']>
type Parsed = { success: true; data: unknown } | { success: false }
type Output<S> = S extends z.ZodType ? z.output<S> : Record<string, never>

/**
 * The test, without Hono or zod on the common path, of whether a request off the socket is one `route`
 * would accept as it is. Everything is read from the route's definition: its method; its path template,
 * with each parameter a plain segment (no percent-escape, no dot segment) within the lengths its schema
 * allows; a query naming only parameters the route declares, each once and plainly, that the route's
 * query schema accepts; and a body declared `application/json` (`JSON_CONTENT_TYPES`). What it refuses
 * may still be valid: the app judges that. What it takes, the app's validation takes alike, for a route
 * whose path parameters are plain strings limited only in length (else this throws).
 * @example const gate = routeGate(checkRoute); gate.match('/v1/orgs/acme/check?consistency=4')?.params.orgId // 'acme'
 */
export function routeGate<R extends RouteConfig>(
  route: R,
): RouteGate<Output<NonNullable<R['request']>['params']>, Output<NonNullable<R['request']>['query']>> {
  const { params, query, body } = route.request ?? ({} as Request)
  const names: string[] = []
  const pattern = route.path
    .split('/')
    .map((segment) => {
      const name = PARAM.exec(segment)?.[1]
      if (name === undefined) {
        if (segment.includes('{')) throw new TypeError(`routeGate: ${route.path} has a parameter within a segment`)
        return literally(segment)
      }
      names.push(name)
      const { min, max } = lengthLimits(paramSchema(params, name, route.path))
      // A dot segment would be resolved away by the URL parser before the app saw it.
      return `(?!\\.\\.?(?:/|\\?|$))([${PCHAR}]{${min},${Number.isFinite(max) ? max : ''}})`
    })
    .join('/')
  const url = new RegExp(`^(${pattern})(?:\\?(.*))?$`)
  const queryNames = new Set(query instanceof z.ZodObject ? Object.keys(query.shape) : [])
  const noQuery: Parsed = query === undefined ? { success: true, data: {} } : query.safeParse({})
  const declared = Object.keys(body?.content ?? {})
  const contentTypes = new Set<string>(declared.includes(JSON_MEDIA_TYPE) ? JSON_CONTENT_TYPES : [])
  const judged = new Map<string, Parsed>()
  const judge = (text: string): Parsed => {
    const raw = plainQuery(text, queryNames)
    const parsed = raw === undefined || query === undefined ? REFUSED : query.safeParse(raw)
    if (judged.size >= MOST_JUDGED) judged.clear()
    judged.set(text, parsed)
    return parsed
  }

  return {
    method: route.method.toUpperCase(),
    match(target) {
      const found = url.exec(target)
      if (found === null) return undefined
      const text = found[names.length + 2]
      const parsed = text === undefined ? noQuery : (judged.get(text) ?? judge(text))
      if (!parsed.success) return undefined
      const values: Record<string, string> = {}
      for (const [i, name] of names.entries()) values[name] = found[i + 2] as string
      return { path: found[1] as string, params: values, query: parsed.data } as never
    },
    takesContentType: (contentType) => contentTypes.has(contentType),
  }
}

function paramSchema(params: Request['params'], name: string, path: string): z.ZodType {
  const schema = params instanceof z.ZodObject ? (params.shape as Record<string, z.ZodType>)[name] : undefined
  if (schema === undefined) throw new TypeError(`routeGate: ${path} does not declare the schema of {${name}}`)
  return schema
}

/** `name=value` pairs of declared names, each once, in plain characters; undefined for any other query. */
function plainQuery(text: string, names: ReadonlySet<string>): Record<string, string> | undefined {
  const query: Record<string, string> = {}
  for (const pair of text.split('&')) {
    const at = pair.indexOf('=')
    const name = pair.slice(0, at)
    const value = pair.slice(at + 1)
    if (at < 0 || !names.has(name) || Object.hasOwn(query, name) || !QUERY_VALUE.test(value)) return undefined
    query[name] = value
  }
  return query
}

const literally = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
