import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Handles one request; `drop` cuts the client's connection instead of answering. */
export type Handler = (request: Request, drop: () => void) => Promise<Response>

export interface Served {
  url: string
  close(): Promise<void>
}

/**
 * Serves a fetch-style handler over real HTTP on an ephemeral port, so the client under test goes
 * through sockets, and a handler can cut one to show what a lost response does.
 */
export async function serve(handler: Handler): Promise<Served> {
  const server = createServer(async (req, res) => {
    try {
      const response = await handler(await toRequest(req), () => req.socket.destroy())
      if (req.socket.destroyed) return
      res.writeHead(response.status, [...response.headers].flat())
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.destroy(error as Error)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = Buffer.concat(chunks)
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method ?? 'GET',
    headers,
    ...(body.length > 0 ? { body } : {}),
  })
}

/** Passes requests on to `target` unchanged, as a proxy in front of the API would. */
export const forwardTo =
  (target: string) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const headers = new Headers(request.headers)
    for (const hop of ['host', 'connection', 'content-length']) headers.delete(hop)
    const body = await request.arrayBuffer()
    return fetch(`${target}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      ...(body.byteLength > 0 ? { body } : {}),
    })
  }
