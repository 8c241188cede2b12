import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp, createLogger, OrgStateCache, startWorkflows } from '@rolecall/api'
import { createTestDatabase } from '@rolecall/db/testing'
import { createRolecall } from '@rolecall/sdk'
import { LogLevel } from '@slack/bolt'
import { startFakeSlack } from '../scripts/fake-slack.js'
import { blockAction, responseUrl, slashCommand, viewSubmission } from '../scripts/payloads.js'
import { postSigned, type SignedPost } from '../scripts/signing.js'
import { createBot, SLACK_PATH } from '../src/app.js'
import { EVENTS_PATH } from '../src/events/webhook-route.js'

export const ADMIN_KEY = 'rc_admin_slack-bot-tests-0123456789abcdef'
export const SIGNING_SECRET = 'test-signing-secret'
export const WEBHOOK_SECRET = `whsec_${Buffer.from('slack-bot-test-webhook-secret-32b').toString('base64')}`

async function listen(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener)
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** Serves a fetch handler over node:http, the way the API's own server does. */
function nodeHandler(fetchHandler: (request: Request) => Response | Promise<Response>): RequestListener {
  return async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value)
    }
    const response = await fetchHandler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) }),
    )
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }
}

/** The Slack user id the tests give a person: `ana` is UANA. */
export const slackIdOf = (person: string) => `U${person.toUpperCase()}`
/** The e-mail address the tests give a person of a team's org. */
export const emailOf = (person: string, team: string) => `${person}@${team.toLowerCase().replace(/_/g, '-')}.example`

export interface WorldOptions {
  /** Delays every request the bot makes to the API, to prove the ack never waits for it. */
  apiDelayMs?: number
  /** Runs the API's jobs too (outbox, webhook deliveries), with test-sized waits. */
  workflows?: boolean
}

/**
 * A real Rolecall API (PGlite, or a fresh database on DATABASE_URL), a fake Slack Web API, and the
 * bot between them, each on an ephemeral port; with helpers that act as Slack and as an operator.
 */
export async function startWorld(options: WorldOptions = {}) {
  const database = await createTestDatabase()
  const db = database.db
  const api = createApp({
    db,
    cache: new OrgStateCache(db),
    logger: createLogger({ level: 'silent' }),
    ready: async () => true,
    auth: { adminKey: ADMIN_KEY, findApiKey: async () => undefined },
  })
  const apiServer = await listen(nodeHandler((request) => api.fetch(request)))
  const workflows = options.workflows
    ? await startWorkflows({
        database,
        logger: createLogger({ level: 'silent' }),
        webhookScheduleMs: [50, 100, 150],
        allowInternalWebhookTargets: true,
        dispatchEveryMs: 50,
      })
    : undefined
  const slack = await startFakeSlack()
  const delay = options.apiDelayMs ?? 0
  /** Requests the bot sent to the API and the order they finished in, for ordering assertions. */
  const apiDone: string[] = []
  const rolecall = createRolecall({
    baseUrl: apiServer.url,
    apiKey: ADMIN_KEY,
    retry: false,
    fetch: async (request) => {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
      const response = await fetch(request)
      apiDone.push(new URL(request.url).pathname)
      return response
    },
  })
  const bot = createBot({
    botToken: 'xoxb-test',
    signingSecret: SIGNING_SECRET,
    rolecall,
    webhookSecrets: [WEBHOOK_SECRET],
    slackApiUrl: slack.apiUrl,
    logLevel: LogLevel.ERROR,
  })
  const botServer = await listen(bot.requestListener)
  const slackEndpoint = `${botServer.url}${SLACK_PATH}`
  const operator = createRolecall({ baseUrl: apiServer.url, apiKey: ADMIN_KEY, retry: false })

  /** Posts a signed body to the bot; answers the HTTP status and the response_url id it carries. */
  const send = (body: string, post: SignedPost = {}) => postSigned(slackEndpoint, SIGNING_SECRET, body, post)

  /** Waits until the fake Slack holds a call matching `match` (polling; a test fails by its own timeout). */
  const waitFor = async (match: () => boolean) => {
    while (!match()) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  /** The answer posted to a response_url. */
  const answerTo = async (id: string) => {
    await waitFor(() => slack.of(`respond:${id}`).length > 0)
    return slack.of(`respond:${id}`)[0]?.args as {
      text: string
      blocks?: unknown[]
      replace_original?: boolean
      response_type?: string
    }
  }

  /** Runs a slash command as a Slack user and answers the text posted back to its response_url. */
  const command = async (command: string, text: string, user: string, team: string) => {
    const to = responseUrl(slack.url)
    const res = await send(slashCommand(command, text, user, team, to.url))
    if (res.status !== 200) throw new Error(`${command} ${text}: bot answered ${res.status}`)
    return answerTo(to.id)
  }

  /** Clicks a button as a Slack user and answers what was posted to its response_url. */
  const click = async (actionId: string, value: string, user: string, team: string) => {
    const to = responseUrl(slack.url)
    const res = await send(blockAction(actionId, value, user, team, to.url))
    if (res.status !== 200) throw new Error(`${actionId}: bot answered ${res.status}`)
    return answerTo(to.id)
  }

  /** Submits a dialog as a Slack user; answers the HTTP response (errors come back in it). */
  const submit = (
    callbackId: string,
    metadata: string,
    values: Parameters<typeof viewSubmission>[2],
    user: string,
    team: string,
  ) => send(viewSubmission(callbackId, metadata, values, user, team))

  /**
   * An org linked to `team`, founded by `founder`, with `people` joined; each person's Slack profile
   * carries their e-mail, and only the founder's Slack id is stored up front.
   */
  const org = async (team: string, founder: string, people: string[] = [], customModel?: Record<string, unknown>) => {
    const created = await operator.orgs.create({
      name: `Org ${team}`,
      ...(customModel ? { model: 'custom', customModel } : {}),
      founder: {
        id: founder,
        displayName: founder.toUpperCase(),
        email: emailOf(founder, team),
        slackUserId: slackIdOf(founder),
      },
      slackTeamId: team,
    })
    slack.addUser(slackIdOf(founder), { email: emailOf(founder, team) })
    for (const person of people) {
      const invited = await operator.as(founder).invitations.invite(created.id, {
        user: { id: person, displayName: person.toUpperCase(), email: emailOf(person, team) },
      })
      await operator.as(person).invitations.accept(created.id, invited.invitationId ?? '')
      slack.addUser(slackIdOf(person), { email: emailOf(person, team) })
    }
    return created.id
  }

  /**
   * Serves another bot over the same API and fake Slack, holding the secrets `secretsFor` answers for
   * its events URL: an org's webhook secret is minted when the webhook is created with that URL.
   */
  const anotherBot = async (secretsFor: (eventsUrl: string) => Promise<string[]>) => {
    let serve: RequestListener = (_req, res) => res.writeHead(503).end()
    const served = await listen((req, res) => serve(req, res))
    closers.push(() => close(served.server))
    const webhookSecrets = await secretsFor(`${served.url}${EVENTS_PATH}`)
    serve = createBot({
      botToken: 'xoxb-test',
      signingSecret: SIGNING_SECRET,
      rolecall,
      webhookSecrets,
      slackApiUrl: slack.apiUrl,
      logLevel: LogLevel.ERROR,
    }).requestListener
  }
  const closers: (() => Promise<void>)[] = []

  return {
    db,
    rolecall,
    anotherBot,
    slack,
    operator,
    bot,
    apiUrl: apiServer.url,
    botUrl: botServer.url,
    slackEndpoint,
    apiDone,
    send,
    waitFor,
    answerTo,
    command,
    click,
    submit,
    org,
    close: async () => {
      await workflows?.stop()
      for (const closeOther of closers) await closeOther()
      await close(botServer.server)
      await slack.close()
      await close(apiServer.server)
      await database.close()
    },
  }
}

export type World = Awaited<ReturnType<typeof startWorld>>
