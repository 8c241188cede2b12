import { beforeAll, describe, expect, test } from 'vitest'
import { type CallResult, expectProblem, useApi } from './harness.js'

const api = useApi()
// `rc_key_acme` is a key restricted to the org `acme`: the stranger's key of these tests.
const A_KEY = 'rc_key_acme'
const A = 'acme'
const B = 'globex'
const bea = { id: 'bea', displayName: 'Bea Globex', email: 'bea@globex.example' }
const bo = { id: 'bo', displayName: 'Bo Globex', email: 'bo@globex.example' }
// Known to B only, whatever the tests before have A do.
const cyd = { id: 'cyd', displayName: 'Cyd Globex', email: 'cyd@globex.example' }

beforeAll(async () => {
  await api.must(201, 'POST', '/v1/orgs', { body: { id: A, name: 'Acme', founder: { id: 'ana', displayName: 'Ana' } } })
  await api.must(201, 'POST', '/v1/orgs', { body: { id: B, name: 'Globex', founder: bea } })
  const invited = await api.must(201, 'POST', `/v1/orgs/${B}/invitations`, { actor: bea.id, body: { user: bo } })
  await api.must(200, 'POST', `/v1/orgs/${B}/invitations/${invited.body.invitationId}/accept`, { actor: bo.id })
  await api.must(200, 'POST', `/v1/orgs/${B}/slack/users/resolve`, { body: { slackUserId: 'U-BO', email: bo.email } })
  await api.must(201, 'POST', `/v1/orgs/${B}/invitations`, { actor: bea.id, body: { user: cyd } })
})

/** Everything org B's people and operator can read about its people, as exact JSON text. */
async function whatBSees(): Promise<string> {
  const reads = await Promise.all([
    api.must(200, 'GET', `/v1/orgs/${B}/members`, { actor: bea.id }),
    api.must(200, 'GET', `/v1/orgs/${B}/people/${bea.id}`, { actor: bea.id }),
    api.must(200, 'GET', `/v1/orgs/${B}/people/${bo.id}`, { actor: bea.id }),
    api.must(200, 'GET', `/v1/orgs/${B}/audit-events?limit=200`, { actor: bea.id }),
    api.must(200, 'POST', `/v1/orgs/${B}/slack/users/lookup`, { body: { userIds: [bea.id, bo.id] } }),
    api.must(200, 'GET', `/v1/orgs/${B}/notifications?limit=200`, { actor: bea.id }),
  ])
  return JSON.stringify(reads.map((res) => res.body))
}

/** An answer with the ids and addresses a request named replaced, to compare answers about different people. */
const shape = (res: CallResult, ...named: string[]) => {
  let text = JSON.stringify(res.body)
  // Longest first: an id may begin the address.
  for (const value of [...named].sort((a, b) => b.length - a.length)) text = text.replaceAll(value, '<named>')
  return { status: res.status, body: JSON.parse(text.replace(/"[0-9a-f-]{36}"/g, '"<uuid>"')) }
}

describe("a key for org A and org B's people", () => {
  test("every route that takes a person leaves org B's reads and audit log byte for byte as they were", async () => {
    const before = await whatBSees()
    const asA = (method: string, path: string, body?: unknown) =>
      api.call(method, path, { key: A_KEY, actor: 'ana', ...(body === undefined ? {} : { body }) })
    const attempts: [string, () => Promise<CallResult>, number][] = [
      // Founding an org is the admin key's alone.
      [
        'found an org naming B’s founder',
        () => asA('POST', '/v1/orgs', { name: 'Evil', founder: { ...bea, displayName: 'Mallory' } }),
        403,
      ],
      [
        'link a Slack id by B’s member’s address',
        () => asA('POST', `/v1/orgs/${A}/slack/users/resolve`, { slackUserId: 'U-EVIL', email: bo.email }),
        404,
      ],
      // A's own invitation of B's people (by id, and by address) writes A's profile only.
      [
        'invite B’s founder under another name and address',
        () =>
          asA('POST', `/v1/orgs/${A}/invitations`, {
            user: { ...bea, displayName: 'Mallory', email: 'mallory@evil.example' },
          }),
        201,
      ],
      [
        'invite someone with B’s member’s address',
        () =>
          asA('POST', `/v1/orgs/${A}/invitations`, { user: { id: 'fresh', displayName: 'Fresh', email: bo.email } }),
        201,
      ],
      [
        'rename B’s member through A',
        () => asA('PATCH', `/v1/orgs/${A}/people/${bea.id}`, { displayName: 'Mallory', email: 'bea@evil.example' }),
        200,
      ],
      ['rename B’s member in B', () => asA('PATCH', `/v1/orgs/${B}/people/${bo.id}`, { displayName: 'Mallory' }), 404],
      [
        'link a Slack id in B',
        () => asA('POST', `/v1/orgs/${B}/slack/users/resolve`, { slackUserId: 'U-EVIL', email: bo.email }),
        404,
      ],
      [
        'look B’s people up through A',
        () => asA('POST', `/v1/orgs/${A}/slack/users/lookup`, { userIds: [bea.id, bo.id] }),
        200,
      ],
      [
        'look B’s people up in B',
        () => asA('POST', `/v1/orgs/${B}/slack/users/lookup`, { userIds: [bea.id, bo.id] }),
        404,
      ],
      ['read B’s profile of a person', () => asA('GET', `/v1/orgs/${B}/people/${bo.id}`), 404],
      ['read B’s members', () => asA('GET', `/v1/orgs/${B}/members`), 404],
    ]
    for (const [name, attempt, status] of attempts) expect((await attempt()).status, name).toBe(status)
    // Founding another org as the operator names B's founder too; that org keeps its own profile.
    await api.must(201, 'POST', '/v1/orgs', {
      body: { name: 'Initech', founder: { ...bea, displayName: 'Other Bea', email: 'x@initech.example' } },
    })

    expect(await whatBSees()).toBe(before)
    const inA = await api.must(200, 'POST', `/v1/orgs/${A}/slack/users/lookup`, {
      key: A_KEY,
      body: { userIds: [bea.id, bo.id] },
    })
    expect(inA.body.users).toEqual([{ userId: bea.id, displayName: 'Mallory', slackUserId: null }])
  })

  test('no answer tells whether a person or an address exists in another org', async () => {
    const asA = (method: string, path: string, body: unknown) =>
      api.call(method, path, { key: A_KEY, actor: 'ana', body })
    // The same request about one of B's people and about someone nobody knows answers alike.
    const pairs: [string, (who: { id: string; email: string }) => Promise<CallResult>][] = [
      ['a profile update', (who) => asA('PATCH', `/v1/orgs/${A}/people/${who.id}`, { displayName: 'X' })],
      [
        'a Slack link by address',
        (who) => asA('POST', `/v1/orgs/${A}/slack/users/resolve`, { slackUserId: 'U-X', email: who.email }),
      ],
      ['a lookup', (who) => asA('POST', `/v1/orgs/${A}/slack/users/lookup`, { userIds: [who.id] })],
      [
        'a dry-run invitation with the address',
        (who) =>
          asA('POST', `/v1/orgs/${A}/invitations?dryRun=true`, {
            user: { id: `new-${who.id}`, displayName: 'New', email: who.email },
          }),
      ],
    ]
    const stranger = { id: 'nobody-anywhere', email: 'nobody@nowhere.example' }
    for (const [name, ask] of pairs) {
      const known = shape(await ask(cyd), cyd.id, cyd.email)
      const unknown = shape(await ask(stranger), stranger.id, stranger.email)
      expect(known, name).toEqual(unknown)
    }
  })
})

describe('changes to a person are audited in the org that sees them', () => {
  test("a renaming invitation and a profile update are person.updated in A's log, naming fields, not values", async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'cy', displayName: 'Cy', email: 'cy@one.example' } },
    })
    await api.must(200, 'DELETE', `/v1/orgs/${org}/members/cy`, { actor: 'ana' })
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'cy', displayName: 'Cy Two', email: 'cy@one.example' } },
    })
    await api.must(200, 'PATCH', `/v1/orgs/${org}/people/cy`, { actor: 'ana', body: { email: 'cy@two.example' } })
    const audit = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?limit=200`, { actor: 'ana' })
    const updates = audit.body.events.filter((e: { type: string }) => e.type === 'person.updated')
    expect(updates.map((e: { subject: string; data: unknown }) => [e.subject, e.data]).reverse()).toEqual([
      ['cy', { kind: 'person.updated', changed: ['displayName'] }],
      ['cy', { kind: 'person.updated', changed: ['email'] }],
    ])
    expect(JSON.stringify(updates)).not.toMatch(/Cy Two|cy@/)
  })
})

describe('GET and PATCH /v1/orgs/{orgId}/people/{userId}', () => {
  test('a person edits their own profile; an inviter edits anyone’s; others are NOT_AUTHORIZED', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'dee', 'ana')
    await api.join(org, 'eli', 'ana')
    const self = await api.must(200, 'PATCH', `/v1/orgs/${org}/people/dee`, {
      actor: 'dee',
      body: { displayName: 'Dee D.' },
    })
    expect(self.body).toEqual({
      userId: 'dee',
      displayName: 'Dee D.',
      email: null,
      slackUserId: null,
      anonymized: false,
      changed: ['displayName'],
    })
    const byOwner = await api.must(200, 'PATCH', `/v1/orgs/${org}/people/dee`, {
      actor: 'ana',
      body: { email: 'dee@example.test' },
    })
    expect(byOwner.body).toMatchObject({ email: 'dee@example.test', changed: ['email'] })
    const before = await api.writes()
    const refused = await api.call('PATCH', `/v1/orgs/${org}/people/dee`, {
      actor: 'eli',
      body: { displayName: 'Hacked' },
    })
    expectProblem(refused, 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
    expect((await api.must(200, 'GET', `/v1/orgs/${org}/people/dee`, { actor: 'eli' })).body.displayName).toBe('Dee D.')
  })

  test('the same values again change nothing and write no audit event', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const before = await api.writes()
    const res = await api.must(200, 'PATCH', `/v1/orgs/${org}/people/ana`, {
      actor: 'ana',
      body: { displayName: 'ANA' },
    })
    expect(res.body.changed).toEqual([])
    expect(await api.writes()).toEqual(before)
  })

  test('a dry run answers as the real request and writes nothing', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const before = await api.writes()
    const dry = await api.must(200, 'PATCH', `/v1/orgs/${org}/people/ana?dryRun=true`, {
      actor: 'ana',
      body: { displayName: 'Ana Again', email: 'ana@example.test' },
    })
    expect(await api.writes()).toEqual(before)
    const real = await api.must(200, 'PATCH', `/v1/orgs/${org}/people/ana`, {
      actor: 'ana',
      body: { displayName: 'Ana Again', email: 'ana@example.test' },
    })
    expect(dry.body).toEqual(real.body)
  })

  test('refusals: an unknown person is NOT_FOUND, an address another person has is CONFLICT, an empty patch VALIDATION_FAILED', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'fay', displayName: 'Fay', email: 'fay@example.test' } },
    })
    const before = await api.writes()
    expectProblem(
      await api.call('PATCH', `/v1/orgs/${org}/people/nobody`, { actor: 'ana', body: { displayName: 'N' } }),
      404,
      'NOT_FOUND',
    )
    const clash = await api.call('PATCH', `/v1/orgs/${org}/people/ana`, {
      actor: 'ana',
      body: { email: 'fay@example.test' },
    })
    expectProblem(clash, 409, 'CONFLICT')
    expect(clash.body.detail).not.toMatch(/fay/i)
    expectProblem(
      await api.call('PATCH', `/v1/orgs/${org}/people/ana`, { actor: 'ana', body: {} }),
      400,
      'VALIDATION_FAILED',
    )
    expectProblem(
      await api.call('PATCH', `/v1/orgs/${org}/people/ana`, { body: { displayName: 'N' } }),
      400,
      'VALIDATION_FAILED',
    )
    expect(await api.writes()).toEqual(before)
  })
})
