import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * How much longer than advertised an idle connection stays open. With Node's 5 seconds it also outlasts
 * the 60-second idle timeout of common load balancers, which ignore `Keep-Alive` and reuse a connection
 * after any pause shorter than their own.
 */
export const IDLE_GRACE_MS = 60_000

/**
 * Keeps an idle keep-alive connection open for `graceMs` after the time the server advertises
 * (`Keep-Alive: timeout=5`, from `server.keepAliveTimeout`), rather than closing it right then.
 *
 * A client may still send on a connection at the advertised time: its own idle timer runs late when its
 * event loop is busy, and a request it sends meanwhile goes out on the old connection. A busy server is
 * as late to read a request that arrived in time, and its overdue idle timer runs before the read. Either
 * way, closing at the advertised time resets the connection under a request the server never read, and
 * the client gets ECONNRESET. Node's own margin (a second past the advertised time, since Node 20.20) is
 * shorter than such a stall on a loaded machine. Clients that honour the header still drop the connection
 * by 5 seconds, so a server closing down waits for them no longer than before.
 * @example holdIdleConnections(createServer(listener))
 */
export function holdIdleConnections(server: Server, graceMs = IDLE_GRACE_MS): void {
  server.on('timeout', (socket: Socket) => {
    // Node arms a socket's timeout only while it idles between requests (`server.timeout` is 0, off), and
    // disarms it when the next request arrives; a listener here replaces its destroying the socket.
    if (socket.timeout === graceMs) socket.destroy()
    else socket.setTimeout(graceMs)
  })
}
