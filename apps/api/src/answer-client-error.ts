import { maxHeaderSize, type ServerResponse, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { DISCARD_PAUSE_MS } from './lingering-response.js'
import { PROBLEM_STATUS, type ProblemCode, problemDetails } from './problem.js'

/** What Node's HTTP server reports with 'clientError': a parse error (`HPE_…`), a timeout, a reset. */
export type ClientError = Error & { code?: string; reason?: string }

// The refusals with an answer of their own, as Node gives them; any other parse error is a malformed request.
const CODE_FOR_ERROR: Partial<Record<string, ProblemCode>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
}

/** Sockets already answered: Node reports each later chunk it cannot parse again. */
const answered = new WeakSet<Socket>()

/**
 * The server's 'clientError' listener: what Node's HTTP parser refuses (a header block over the limit,
 * a malformed request or body framing, a request too slow to arrive) is answered with problem+json
 * instead of Node's bare status line, when nothing of an answer to an earlier request on the socket has
 * been written (as Node's own answer does). The socket is then half closed, and fully closed when the
 * client closes its side or after `DISCARD_PAUSE_MS`: closed at once, with the client still sending, it
 * would be reset, and a reset can drop the answer before the client reads it.
 * @example server.on('clientError', answerClientError)
 */
export function answerClientError(err: ClientError, socket: Socket): void {
  if (answered.has(socket)) return
  // The response the socket is writing, which Node's own answer checks too: once it has begun, another
  // answer would land inside it.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  answered.add(socket)
  const code = CODE_FOR_ERROR[err.code ?? ''] ?? 'VALIDATION_FAILED'
  // No path: the refused bytes may follow a request that was fine, and the path would be that one's.
  const body = JSON.stringify(problemDetails(code, detailFor(code, err), ''))
  const status = PROBLEM_STATUS[code]
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
  const pause = setTimeout(() => socket.destroy(), DISCARD_PAUSE_MS)
  socket.once('close', () => clearTimeout(pause))
}

function detailFor(code: ProblemCode, err: ClientError): string {
  switch (code) {
    case 'HEADERS_TOO_LARGE':
      return `The request's header block is over ${maxHeaderSize} bytes.`
    case 'PAYLOAD_TOO_LARGE':
      return "The request's chunk extensions are too large."
    case 'REQUEST_TIMEOUT':
      return 'The request did not arrive in time.'
    default:
      return `The request is not valid HTTP/1.1: ${err.reason ?? err.code ?? err.message}.`
  }
}
