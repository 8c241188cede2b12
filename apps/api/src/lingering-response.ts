import { type IncomingMessage, ServerResponse } from 'node:http'

/** How much of a body the server reads and discards after answering early, at most. */
export const MAX_DISCARDED_BYTES = 64 * 1024 * 1024
/** How long the server keeps discarding, at most, however steadily the body arrives. */
export const MAX_DISCARD_MS = 30_000
/** A pause in the body this long ends the discarding: the client has stopped sending. */
export const DISCARD_PAUSE_MS = 1000

/**
 * A response that, answered before its request's body has arrived (a 413, say), reads and discards
 * the rest of the body before it ends. Ending closes a `Connection: close` socket,
 * and a socket closed with unread bytes, or with bytes still coming, is reset: the client's next write
 * fails (EPIPE) and the reset can drop the answer it has not read yet, so `fetch` saw an error instead of
 * the 413. The answer itself goes out at once; only its end waits, until the body is in, the client goes,
 * or a bound is reached (`MAX_DISCARDED_BYTES`, `MAX_DISCARD_MS`, a pause of `DISCARD_PAUSE_MS`).
 * @example createServer({ ServerResponse: LingeringResponse }, listener)
 */
export class LingeringResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override end(cb?: () => void): this
  override end(chunk: unknown, cb?: () => void): this
  override end(chunk: unknown, encoding: BufferEncoding, cb?: () => void): this
  override end(...args: unknown[]): this {
    const { req } = this
    if (req.complete || req.destroyed || this.writableEnded) return super.end(...(args as [unknown, BufferEncoding]))
    const cb = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : undefined
    const [chunk, encoding] = args as [unknown, BufferEncoding | undefined]
    // With its length known the answer is whole without the end, which only finishes the exchange.
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding as BufferEncoding)
    let discarded = 0
    const finish = () => {
      clearTimeout(bound)
      clearTimeout(pause)
      req.off('data', onData).off('end', finish).off('error', finish).off('close', finish)
      // A client gone meanwhile took the socket with it: there is nothing left to end.
      if (!this.destroyed) super.end(cb)
    }
    const onData = (data: Buffer) => {
      discarded += data.byteLength
      if (discarded > MAX_DISCARDED_BYTES) finish()
      else pause.refresh()
    }
    const bound = setTimeout(finish, MAX_DISCARD_MS)
    const pause = setTimeout(finish, DISCARD_PAUSE_MS)
    req.on('data', onData).once('end', finish).once('error', finish).once('close', finish)
    req.resume()
    return this
  }
}
