import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Logger } from '@slack/bolt'

/** Long enough to recognise a scanner's probe, short enough that one request stays one log line. */
const URL_IN_LOG = 200

/**
 * Answers a request the bot will not serve with a bare status, and says so in one log line:
 * strangers (probes, scanners) at info, requests that look meant for the bot but fail at warn.
 * @example refuse(logger, req, res, 404, 'no such route')
 */
export function refuse(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const line = `${req.method} ${(req.url ?? '').slice(0, URL_IN_LOG)} answered ${status}: ${reason}`
  if (status >= 500) logger.error(line)
  else if (status === 404 || status === 405) logger.info(line)
  else logger.warn(line)
  // Past the body limit the rest of the body is not worth reading: the connection goes with the answer.
  const closing = status === 413 ? { connection: 'close' } : {}
  if (!res.headersSent) res.writeHead(status, { ...closing, ...headers }).end()
}
