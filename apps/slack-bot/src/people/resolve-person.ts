import { isRolecallError, type Rolecall, type SlackResolved } from '@rolecall/sdk'
import type { webApi } from '@slack/bolt'
import type { Person } from '../parse/tokenize.js'
import { NotLinkedError } from './not-linked-error.js'

const notFound = <T>(promise: Promise<T>): Promise<T | undefined> =>
  promise.catch((error) => {
    if (isRolecallError(error, 'NOT_FOUND')) return undefined
    throw error
  })

/**
 * The Rolecall person behind a Slack user or an e-mail address: the stored Slack id first, else the
 * e-mail of the Slack profile, which the API then stores so the next lookup is direct.
 * `who` says whether the person is the one typing, for the sentence that tells them how to get linked.
 */
export async function resolvePerson(
  rolecall: Rolecall,
  client: webApi.WebClient,
  org: { orgId: string; name: string },
  person: Person,
  who: 'actor' | 'target',
): Promise<SlackResolved> {
  if ('email' in person) {
    const found = await notFound(rolecall.slack.resolveUser(org.orgId, { email: person.email }))
    if (found) return found
    throw new NotLinkedError(`Nobody in *${org.name}* has the e-mail address ${person.email}.`)
  }
  const { slackUserId } = person
  const known = await notFound(rolecall.slack.resolveUser(org.orgId, { slackUserId }))
  if (known) return known
  const profile = await client.users.info({ user: slackUserId })
  const email = profile.user?.profile?.email
  const linked = email ? await notFound(rolecall.slack.resolveUser(org.orgId, { slackUserId, email })) : undefined
  if (linked) return linked
  const address = email ? ` (${email})` : ''
  throw new NotLinkedError(
    who === 'actor'
      ? `Rolecall does not know you in *${org.name}* yet. Ask an admin to invite you with your Slack e-mail address${address}, then try again.`
      : `<@${slackUserId}> is not a person of *${org.name}* in Rolecall. Invite them with their Slack e-mail address${address} first.`,
  )
}
