import type { IncomingMessage } from 'node:http'

/** The largest request body the bot reads; Slack's payloads, even a full dialog, stay far below it. */
export const MAX_BODY_BYTES = 1024 * 1024

export type BodyRead = { ok: true; body: Buffer } | { ok: false; status: 400 | 413; reason: string }

/**
 * Reads a request body of at most `limit` bytes. A body declared larger is refused unread; one that
 * grows larger is drained without being kept, so the client is still listening for the 413.
 * @example const read = await readBody(req); if (!read.ok) return res.writeHead(read.status).end()
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) return tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size <= limit) chunks.push(chunk as Buffer)
    }
  } catch (error) {
    return { ok: false, status: 400, reason: `body not received (${(error as Error).message})` }
  }
  return size > limit ? tooLarge(limit) : { ok: true, body: Buffer.concat(chunks) }
}

const tooLarge = (limit: number): BodyRead => ({ ok: false, status: 413, reason: `body over ${limit} bytes` })
