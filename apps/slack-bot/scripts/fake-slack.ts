import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One Web API call or response_url post the fake received. */
export interface SlackCall {
  method: string
  // biome-ignore lint/suspicious/noExplicitAny: arguments of every Slack method, asserted on by shape
  args: any
}

export interface FakeUser {
  email?: string
  tz_offset?: number
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// The WebClient posts form-encoded arguments, with objects (blocks) JSON-encoded inside.
function parseArgs(body: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('application/json')) return body ? JSON.parse(body) : {}
  const args: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = value.startsWith('[') || value.startsWith('{') ? JSON.parse(value) : value
  }
  return args
}

export interface FakeSlackOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Answers users.info for ids nobody added: `UBOB` has the e-mail `bob@<emailDomain>`. */
  emailDomain?: string
}

/**
 * Slack's Web API and response_urls, on a local port: records every call and answers as Slack
 * does. `rateLimit(method)` makes the next call of a method answer 429 with Retry-After: 1.
 * `GET /calls?since=n` lists the calls from the n-th on, for a client in another process.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const calls: SlackCall[] = []
  const users = new Map<string, FakeUser>()
  const limited = new Set<string>()
  let ts = 1000

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T_FAKE' }
      case 'users.info': {
        const id = String(args.user)
        const derived = options.emailDomain
          ? { email: `${id.slice(1).toLowerCase()}@${options.emailDomain}` }
          : undefined
        const user: FakeUser | undefined = users.get(id) ?? derived
        if (!user) return { ok: false, error: 'user_not_found' }
        return { ok: true, user: { id: args.user, tz_offset: user.tz_offset ?? 0, profile: { email: user.email } } }
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D_${args.users}` } }
      case 'chat.postMessage':
      case 'chat.update':
        ts += 1
        return { ok: true, channel: args.channel, ts: `${ts}.000100` }
      default:
        return { ok: true }
    }
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const url = req.url ?? ''
    if (req.method === 'GET' && url.startsWith('/calls')) {
      const since = Number(new URL(url, 'http://fake').searchParams.get('since') ?? 0)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(calls.slice(since)))
      return
    }
    const args = parseArgs(body, req.headers['content-type'])
    if (url.startsWith('/respond/')) {
      calls.push({ method: `respond:${url.slice('/respond/'.length)}`, args })
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok')
      return
    }
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? ''
    if (limited.delete(method)) {
      calls.push({ method: `429:${method}`, args })
      res
        .writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' })
        .end('{"ok":false,"error":"ratelimited"}')
      return
    }
    calls.push({ method, args })
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer(method, args)))
  })
  server.listen(options.port ?? 0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    /** A Slack profile users.info answers with. */
    addUser: (slackUserId: string, user: FakeUser) => users.set(slackUserId, user),
    rateLimit: (method: string) => limited.add(method),
    /** Calls of a method (`respond:<id>` for a response_url), in order. */
    of: (method: string) => calls.filter((c) => c.method === method),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>
