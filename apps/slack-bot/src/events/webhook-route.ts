import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CustomRoute, webApi } from '@slack/bolt'
import { Webhook } from 'standardwebhooks'
import type { BotDeps } from '../commands/bot-deps.js'
import { readBody } from '../http/read-body.js'
import { refuse } from '../http/refuse.js'
import { handleEvent } from './handle-event.js'
import { RolecallEventSchema } from './rolecall-event.js'

/** Where the API's webhook delivers events. */
export const EVENTS_PATH = '/rolecall/events'

/** Delivery ids seen lately; a redelivered event is acknowledged and dropped. */
const SEEN_LIMIT = 10_000

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
}

/**
 * The route receiving Rolecall's webhook: checks the Standard Webhooks signature (which also bounds
 * the timestamp to five minutes either way), answers 204 at once and sends the DMs afterwards.
 */
export function webhookRoute(deps: BotDeps, client: () => webApi.WebClient, secrets: string[]): CustomRoute {
  const verifiers = secrets.map((secret) => new Webhook(secret))
  const seen = new Set<string>()
  return {
    path: EVENTS_PATH,
    method: ['POST'],
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      const reply = (status: number) => res.writeHead(status).end()
      if (verifiers.length === 0) return refuse(deps.logger, req, res, 404, 'no webhook secret is configured')
      const read = await readBody(req)
      if (!read.ok) return refuse(deps.logger, req, res, read.status, read.reason)
      const body = read.body.toString('utf8')
      const id = header(req, 'webhook-id')
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': header(req, 'webhook-timestamp'),
        'webhook-signature': header(req, 'webhook-signature'),
      }
      const payload = verified(verifiers, body, headers)
      if (payload === undefined) return refuse(deps.logger, req, res, 401, 'no webhook secret signed it recently')
      const event = RolecallEventSchema.safeParse(payload)
      if (!event.success) {
        // Signed by the API, so a redelivery would read no better: take it, and say so in the log.
        deps.logger.warn('unreadable event dropped', event.error.issues)
        return reply(204)
      }
      if (seen.has(id)) return reply(204)
      seen.add(id)
      if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value ?? '')
      reply(204)
      await handleEvent(deps, client(), event.data).catch((error) => deps.logger.error('event not delivered', error))
    },
  }
}

/** The payload, when one of the secrets signed it; undefined otherwise. */
function verified(verifiers: Webhook[], body: string, headers: Record<string, string>): unknown {
  for (const verifier of verifiers) {
    try {
      return verifier.verify(body, headers)
    } catch {
      // Signed with another org's secret, or not at all: try the next one.
    }
  }
  return undefined
}
