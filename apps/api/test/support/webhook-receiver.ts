import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  headers: IncomingHttpHeaders
  body: string
  /** What the receiver answered. */
  status: number
}

export interface Reply {
  status: number
  headers?: Record<string, string>
}

/**
 * A real HTTP endpoint on an ephemeral port that records every request and answers with the queued
 * replies first, then 204.
 * @example const receiver = await startReceiver([{ status: 500 }]); … await receiver.close()
 */
export async function startReceiver(replies: Reply[] = []) {
  const queue = [...replies]
  const requests: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const reply = queue.shift() ?? { status: 204 }
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: reply.status })
      res.writeHead(reply.status, reply.headers).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    /** The bodies it accepted (2xx), parsed. */
    accepted: () =>
      requests
        .filter((r) => r.status < 300)
        .map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
