import { isRolecallError } from '@rolecall/sdk'
import { denial } from '../blocks/denial.js'
import { type Reply, say } from '../blocks/reply.js'
import { mentions } from '../people/mentions.js'
import { NotLinkedError } from '../people/not-linked-error.js'
import type { BotDeps } from './bot-deps.js'
import type { Scope } from './session.js'

/** Where an answer goes: Bolt's `respond` (the `response_url`), or a DM where there is none. */
export type Respond = (message: Reply & { response_type: 'ephemeral'; replace_original: boolean }) => Promise<unknown>

/** A reply, and whether it replaces the message whose button was clicked. */
export type Outcome = Reply & { replace?: boolean }

/**
 * Runs the work after the ack and answers through `respond` (the `response_url`), turning every
 * denial into an ephemeral message that says why and who could. A `response_url` takes five posts,
 * so each request answers once.
 */
export async function answer(deps: BotDeps, respond: Respond, work: (scope: Scope) => Promise<Outcome>) {
  const scope: Scope = {}
  let outcome: Outcome
  try {
    outcome = await work(scope)
  } catch (error) {
    outcome = await failure(deps, scope, error)
  }
  const { replace, ...message } = outcome
  try {
    await respond({ ...message, response_type: 'ephemeral', replace_original: replace === true })
  } catch (error) {
    deps.logger.error('could not answer through response_url', error)
  }
}

async function failure(deps: BotDeps, scope: Scope, error: unknown): Promise<Outcome> {
  if (error instanceof NotLinkedError) return say(`:wave: ${error.message}`)
  if (isRolecallError(error) && error.code !== 'UNEXPECTED_RESPONSE' && error.status < 500) {
    const contact =
      error.contact && scope.orgId
        ? (await mentions(deps.rolecall, scope.orgId, [error.contact]).catch(() => undefined))?.get(error.contact)
        : error.contact
    return denial(error, contact)
  }
  deps.logger.error('command failed', error)
  const ref = isRolecallError(error) && error.requestId ? ` (request ${error.requestId})` : ''
  return say(`:warning: Something went wrong on our side${ref}. Please try again in a moment.`)
}
