import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { holdIdleConnections } from '../../src/hold-idle-connections.js'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
  /** What the receiver answered; `hung` for a request it never answers. */
  status: number | 'hung'
}

/** An answer, or `{ hang: true }`: read the request and never answer, until the receiver closes. */
export type Reply = { status: number; headers?: Record<string, string> } | { hang: true }

/**
 * A real HTTP endpoint on an ephemeral port that records every request and answers with the queued
 * replies first, then `otherwise` (204 unless told).
 * @example const receiver = await startReceiver([{ status: 500 }]); … await receiver.close()
 */
export async function startReceiver(replies: Reply[] = [], otherwise: Reply = { status: 204 }) {
  const queue = [...replies]
  const requests: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const reply = queue.shift() ?? otherwise
      const body = Buffer.concat(chunks).toString('utf8')
      if ('hang' in reply) {
        requests.push({ headers: req.headers, body, status: 'hung' })
        return
      }
      requests.push({ headers: req.headers, body, status: reply.status })
      res.writeHead(reply.status, reply.headers).end()
    })
  })
  // As the API's own server: the deliverer reuses connections, and a busy test process is late to read.
  holdIdleConnections(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    /** The bodies it accepted (2xx), parsed. */
    accepted: () =>
      requests
        .filter((r) => typeof r.status === 'number' && r.status < 300)
        .map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Hung requests keep their connections open; close() alone would wait for them forever.
        server.closeAllConnections()
      }),
  }
}
