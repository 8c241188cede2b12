import { describe, expect, test } from 'vitest'
import { useApi } from './harness.js'

const api = useApi()

interface Write {
  method: string
  path: string
  body: unknown
  actor?: string
  status: number
}

/** What a write leaves: `about` is its audit event's subject, `made` what its key's mark names; `created` stands for the id answered. */
interface Ending {
  versioned: boolean
  type: string
  about: string | null
  made: string | null
}

/**
 * Org writes made outside the engine's commands, each ending as every org write does: `versioned` ones
 * make a new version and answer with it, the others leave it; all audit under the request's id and
 * mark their Idempotency-Key applied with what they made.
 */
const cases: [string, (org: string) => Write, Ending][] = [
  [
    'changing settings',
    (org) => ({ method: 'PATCH', path: `/v1/orgs/${org}`, body: { name: 'Renamed' }, actor: 'ana', status: 200 }),
    { versioned: true, type: 'org.updated', about: null, made: null },
  ],
  [
    'registering a workspace',
    (org) => ({
      method: 'PUT',
      path: `/v1/orgs/${org}/contexts/workspace:sales`,
      body: { kind: 'workspace', name: 'Sales' },
      actor: 'ana',
      status: 200,
    }),
    { versioned: true, type: 'context.registered', about: null, made: 'workspace:sales' },
  ],
  [
    'switching the model',
    (org) => ({ method: 'PUT', path: `/v1/orgs/${org}/model`, body: { model: 'custom' }, actor: 'ana', status: 200 }),
    { versioned: true, type: 'org.model_changed', about: null, made: null },
  ],
  [
    "changing a person's profile",
    (org) => ({
      method: 'PATCH',
      path: `/v1/orgs/${org}/people/cy`,
      body: { displayName: 'Cy Two' },
      actor: 'ana',
      status: 200,
    }),
    { versioned: false, type: 'person.updated', about: 'cy', made: 'cy' },
  ],
  [
    'linking a Slack user found by e-mail',
    (org) => ({
      method: 'POST',
      path: `/v1/orgs/${org}/slack/users/resolve`,
      body: { slackUserId: 'U-cy', email: 'cy@example.com' },
      status: 200,
    }),
    { versioned: false, type: 'user.slack_linked', about: 'cy', made: 'cy' },
  ],
  [
    'registering a webhook',
    (org) => ({
      method: 'POST',
      path: `/v1/orgs/${org}/webhooks`,
      body: { url: 'https://example.com/hooks' },
      status: 201,
    }),
    { versioned: false, type: 'webhook.created', about: 'created', made: 'created' },
  ],
]

describe('org writes outside the engine', () => {
  for (const [name, write, want] of cases) {
    test(`${name} ends like every org write: ${want.versioned ? 'a new version' : 'the version kept'}, audited, its key marked`, async () => {
      const org = await api.createOrg()
      await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
        actor: 'ana',
        body: { user: { id: 'cy', displayName: 'Cy', email: 'cy@example.com' } },
      })
      const versionOf = async () => (await api.must(200, 'GET', `/v1/orgs/${org}`)).body.consistency as number
      const before = await versionOf()
      const { method, path, body, actor, status } = write(org)
      // The model switch names the org's own model as a custom one: a change every holder fits.
      const sent = path.endsWith('/model')
        ? { model: 'custom', customModel: (await api.must(200, 'GET', `/v1/orgs/${org}/model`)).body }
        : body
      const key = `org-writes-${org}`
      const res = await api.call(method, path, {
        body: sent,
        headers: { 'Idempotency-Key': key },
        ...(actor ? { actor } : {}),
      })
      expect(res.status, JSON.stringify(res.body)).toBe(status)

      const after = await versionOf()
      expect(after).toBe(want.versioned ? before + 1 : before)
      expect(res.headers.get('Rolecall-Consistency')).toBe(want.versioned ? String(after) : null)
      const named = (subject: string | null) => (subject === 'created' ? (res.body.id as string) : subject)
      const audited = await api.db
        .selectFrom('audit_events')
        .select(['type', 'subject'])
        .where('org_id', '=', org)
        .where('request_id', '=', res.headers.get('X-Request-Id'))
        .execute()
      expect(audited).toEqual([{ type: want.type, subject: named(want.about) }])
      const mark = await api.db
        .selectFrom('idempotency_keys')
        .select(['status', 'applied_version', 'applied_subject'])
        .where('key', '=', key)
        .executeTakeFirst()
      expect(mark).toEqual({
        status: 'done',
        applied_version: want.versioned ? after : null,
        applied_subject: named(want.made),
      })
    })
  }
})
