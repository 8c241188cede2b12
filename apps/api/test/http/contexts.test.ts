import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const contextPath = (org: string, id: string) => `/v1/orgs/${org}/contexts/${id}`
const assignPath = (org: string, user: string) => `/v1/orgs/${org}/members/${user}/contexts`
const workspaces = (n: number) => Array.from({ length: n }, (_, i) => `workspace:${i + 1}`)

/** Registers workspaces as the host application would: its key, on behalf of the org's `actor`. */
async function register(org: string, ids: string[], actor = 'ada') {
  for (const id of ids)
    await api.must(200, 'PUT', contextPath(org, id), { actor, body: { kind: 'workspace', name: id } })
}

/** An org-admin org: ada admin, ben a plain member, and three registered workspaces. */
async function orgAdmin() {
  const org = await api.createOrg('org-admin', 'ada')
  await api.join(org, 'ben', 'ada')
  await register(org, workspaces(3))
  return org
}

const listed = async (org: string, actor: string) =>
  (await api.must(200, 'GET', `/v1/orgs/${org}/contexts`, { actor })).body.contexts as {
    id: string
    access: boolean
  }[]

type ContextPage = { contexts: { id: string }[]; next: string | null }

/** Every page of the contexts `actor` sees, following `next` from the first page on. */
async function walk(org: string, actor: string, query: string): Promise<ContextPage[]> {
  const pages: ContextPage[] = []
  let cursor: string | null = null
  do {
    const path: string = `/v1/orgs/${org}/contexts${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const page = (await api.must(200, 'GET', path, { actor })).body as ContextPage
    pages.push(page)
    cursor = page.next
  } while (cursor !== null && pages.length < 20)
  return pages
}

describe('PUT /v1/orgs/{orgId}/contexts/{contextId}', () => {
  test('the host registers a workspace, again changes nothing, a new name renames it', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    const first = await api.must(200, 'PUT', contextPath(org, 'workspace:sales'), {
      actor: 'ada',
      body: { kind: 'workspace', name: 'Sales' },
    })
    expect(first.body).toMatchObject({
      changed: true,
      effects: [{ kind: 'context.registered', context: 'workspace:sales', contextKind: 'workspace', name: 'Sales' }],
    })
    const before = await api.writes()
    const again = await api.must(200, 'PUT', contextPath(org, 'workspace:sales'), {
      actor: 'ada',
      body: { kind: 'workspace', name: 'Sales' },
    })
    expect(again.body).toMatchObject({ changed: false, effects: [] })
    expect(await api.writes()).toEqual(before)
    const renamed = await api.must(200, 'PUT', contextPath(org, 'workspace:sales'), {
      actor: 'ada',
      body: { kind: 'workspace', name: 'Sales EMEA' },
    })
    expect(renamed.body.effects).toEqual([expect.objectContaining({ kind: 'context.renamed', name: 'Sales EMEA' })])
    expect(await listed(org, 'ada')).toEqual([expect.objectContaining({ id: 'workspace:sales', name: 'Sales EMEA' })])
    expect((await api.auditTypes(org, 'ada')).slice(-2)).toEqual(['context.registered', 'context.renamed'])
  })

  test('registering without X-Rolecall-Actor is VALIDATION_FAILED naming the header, and nothing is written', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    const before = await api.writes()
    const res = await api.call('PUT', contextPath(org, 'workspace:sales'), {
      body: { kind: 'workspace', name: 'Sales' },
    })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
    expect(await api.writes()).toEqual(before)
  })

  test('a registration is audited under the actor the host names', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    await register(org, ['workspace:sales'])
    const events = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?type=context.registered`, { actor: 'ada' })
    expect(events.body.events).toEqual([expect.objectContaining({ type: 'context.registered', actor: 'ada' })])
  })

  test('another kind under an existing id is CONFLICT; a kind outside the list VALIDATION_FAILED', async () => {
    const org = await orgAdmin()
    const before = await api.writes()
    const res = await api.call('PUT', contextPath(org, 'workspace:1'), {
      actor: 'ada',
      body: { kind: 'app', name: 'x' },
    })
    expectProblem(res, 409, 'CONFLICT')
    const bad = await api.call('PUT', contextPath(org, 'x'), { actor: 'ada', body: { kind: 'galaxy', name: 'x' } })
    expectProblem(bad, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  // Regression: Postgres cannot store a NUL character; ids, names and assignments with one ended in a 500.
  test('a NUL character in a context id, a name or an assignment is VALIDATION_FAILED, and nothing is written', async () => {
    const org = await orgAdmin()
    const before = await api.writes()
    const body = { kind: 'workspace', name: 'x' }
    expectProblem(await api.call('PUT', contextPath(org, 'w%00'), { actor: 'ada', body }), 400, 'VALIDATION_FAILED')
    const named = { kind: 'workspace', name: 'a\u0000b' }
    expectProblem(await api.call('PUT', contextPath(org, 'w'), { actor: 'ada', body: named }), 400, 'VALIDATION_FAILED')
    const assign = { actor: 'ada', body: { add: ['workspace:\u0000'] } }
    expectProblem(await api.call('POST', assignPath(org, 'ben'), assign), 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  test('a team is created within the plan’s quota; past it QUOTA_EXCEEDED and nothing is written', async () => {
    const org = await api.createOrg('workspace', 'al', { quotas: { maxTeams: 1, maxFolders: 5 } })
    await api.join(org, 'mo', 'al')
    const dry = await api.must(200, 'PUT', `${contextPath(org, 'team:ops')}?dryRun=true`, {
      actor: 'al',
      body: { kind: 'team', name: 'Ops' },
    })
    expect(dry.body).toMatchObject({ dryRun: true, changed: true })
    const res = await api.must(200, 'PUT', contextPath(org, 'team:ops'), {
      actor: 'al',
      body: { kind: 'team', name: 'Ops' },
    })
    expect(res.body.effects).toEqual([
      { kind: 'context.created', context: 'team:ops', contextKind: 'team', name: 'Ops' },
    ])
    expect((await api.must(200, 'GET', `/v1/orgs/${org}`)).body.usage).toEqual({ teams: 1 })
    expect(await listed(org, 'al')).toEqual([expect.objectContaining({ id: 'team:ops', kind: 'team', name: 'Ops' })])

    const before = await api.writes()
    const over = await api.call('PUT', contextPath(org, 'team:two'), {
      actor: 'al',
      body: { kind: 'team', name: 'Two' },
    })
    expectProblem(over, 409, 'QUOTA_EXCEEDED')
    const member = await api.call('PUT', contextPath(org, 'folder:x'), {
      actor: 'mo',
      body: { kind: 'folder', name: 'X' },
    })
    expectProblem(member, 403, 'NOT_AUTHORIZED')
    const nobody = await api.call('PUT', contextPath(org, 'folder:x'), { body: { kind: 'folder', name: 'X' } })
    expectProblem(nobody, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
    // The same team again is no new team: nothing to count.
    const same = await api.must(200, 'PUT', contextPath(org, 'team:ops'), {
      actor: 'al',
      body: { kind: 'team', name: 'Ops' },
    })
    expect(same.body).toMatchObject({ changed: false })
  })
})

describe('POST /v1/orgs/{orgId}/members/{userId}/contexts', () => {
  test('an admin assigns a member to workspaces and unassigns them; the member then sees only theirs', async () => {
    const org = await orgAdmin()
    const res = await api.must(200, 'POST', assignPath(org, 'ben'), {
      actor: 'ada',
      body: { add: ['workspace:1', 'workspace:2'] },
    })
    expect(res.body.effects).toEqual([
      { kind: 'context.assigned', principal: 'ben', context: 'workspace:1' },
      { kind: 'context.assigned', principal: 'ben', context: 'workspace:2' },
    ])
    const moved = await api.must(200, 'POST', assignPath(org, 'ben'), {
      actor: 'ada',
      body: { add: ['workspace:3'], remove: ['workspace:1'] },
    })
    expect(moved.body.effects.map((e: { kind: string }) => e.kind)).toEqual(['context.assigned', 'context.unassigned'])
    expect(await listed(org, 'ben')).toEqual([
      expect.objectContaining({ id: 'workspace:2', access: true }),
      expect.objectContaining({ id: 'workspace:3', access: true }),
    ])
  })

  test('more than 10 in one request is BATCH_LIMIT (org-admin) and nothing is written', async () => {
    const org = await orgAdmin()
    const before = await api.writes()
    const res = await api.call('POST', assignPath(org, 'ben'), { actor: 'ada', body: { add: workspaces(11) } })
    expectProblem(res, 409, 'BATCH_LIMIT')
    expect(await api.writes()).toEqual(before)
    await api.must(200, 'POST', assignPath(org, 'ben'), { actor: 'ada', body: { add: workspaces(10) } })
  })

  test('a plain member may not assign: NOT_AUTHORIZED; a non-member target: NOT_A_MEMBER; nothing written', async () => {
    const org = await orgAdmin()
    const before = await api.writes()
    expectProblem(
      await api.call('POST', assignPath(org, 'ben'), { actor: 'ben', body: { add: ['workspace:1'] } }),
      403,
      'NOT_AUTHORIZED',
    )
    expectProblem(
      await api.call('POST', assignPath(org, 'nobody'), { actor: 'ada', body: { add: ['workspace:1'] } }),
      409,
      'NOT_A_MEMBER',
    )
    expect(await api.writes()).toEqual(before)
  })

  test('removing a member ends every context assignment and every role, scoped ones included', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'bo', 'ana')
    await api.grant(org, 'support_team', 'bo', 'ana', '?context=teamroom:42')
    await api.must(200, 'POST', assignPath(org, 'bo'), { actor: 'ana', body: { add: ['teamroom:42', 'teamroom:7'] } })
    const removed = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/bo`, { actor: 'ana' })
    expect(removed.body.effects).toEqual(
      expect.arrayContaining([
        { kind: 'role.revoked', role: 'support_team', principal: 'bo', context: 'teamroom:42', cause: 'removal' },
        { kind: 'context.unassigned', principal: 'bo', context: 'teamroom:42' },
        { kind: 'context.unassigned', principal: 'bo', context: 'teamroom:7' },
      ]),
    )
    const { rows } = await sql<{ n: string | number }>`
      select count(*) as n from context_assignments where org_id = ${org} and principal_id = 'bo'
    `.execute(api.db)
    expect(Number(rows[0]?.n)).toBe(0)
  })
})

describe('GET /v1/orgs/{orgId}/contexts', () => {
  test('multi-owner: owners see every workspace without access; members only their own', async () => {
    const org = await api.createOrg('multi-owner', 'mia')
    await api.join(org, 'max', 'mia')
    await register(org, workspaces(2))
    expect(await listed(org, 'mia')).toEqual([
      expect.objectContaining({ id: 'workspace:1', access: false }),
      expect.objectContaining({ id: 'workspace:2', access: false }),
    ])
    expect(await listed(org, 'max')).toEqual([])
  })

  test('org-admin: an admin sees every workspace; someone outside the org reads nothing', async () => {
    const org = await orgAdmin()
    await api.must(200, 'POST', assignPath(org, 'ben'), { actor: 'ada', body: { add: ['workspace:1'] } })
    expect((await listed(org, 'ada')).map((c) => c.id)).toEqual(workspaces(3))
    expect((await listed(org, 'ben')).map((c) => c.id)).toEqual(['workspace:1'])
    expectProblem(await api.call('GET', `/v1/orgs/${org}/contexts`, { actor: 'stranger' }), 403, 'NOT_AUTHORIZED')
  })

  test('limit=1 walks every context exactly once, by id, and next is null on the last page', async () => {
    const org = await orgAdmin()
    await register(org, ['app:crm', 'teamroom:9'])
    const all = await api.must(200, 'GET', `/v1/orgs/${org}/contexts`, { actor: 'ada' })
    expect(all.body.next).toBeNull()
    const ids = all.body.contexts.map((c: { id: string }) => c.id)
    expect(ids).toEqual(['app:crm', 'teamroom:9', ...workspaces(3)])
    const pages = await walk(org, 'ada', '?limit=1')
    expect(pages.map((page) => page.contexts.length)).toEqual([1, 1, 1, 1, 1])
    expect(pages.at(-1)?.next).toBeNull()
    expect(pages.flatMap((page) => page.contexts)).toEqual(all.body.contexts)
  })

  test('a member without the overview pages through their own contexts only', async () => {
    const org = await orgAdmin()
    await api.must(200, 'POST', assignPath(org, 'ben'), { actor: 'ada', body: { add: ['workspace:1', 'workspace:3'] } })
    const pages = await walk(org, 'ben', '?limit=1')
    expect(pages.flatMap((page) => page.contexts.map((c) => c.id))).toEqual(['workspace:1', 'workspace:3'])
    expect(pages.at(-1)?.next).toBeNull()
  })

  test('a cursor no context id could be is VALIDATION_FAILED naming query.cursor', async () => {
    const org = await orgAdmin()
    const cursor = 'w'.repeat(201)
    const res = await api.call('GET', `/v1/orgs/${org}/contexts?cursor=${cursor}&limit=1`, { actor: 'ada' })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })])
    const tooMany = await api.call('GET', `/v1/orgs/${org}/contexts?limit=201`, { actor: 'ada' })
    expectProblem(tooMany, 400, 'VALIDATION_FAILED')
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'query.limit' })])
  })
})

describe('licenses.purchase needs the licensing feature', () => {
  test('the workspace owner is FEATURE_DISABLED until licensing is on', async () => {
    const org = await api.createOrg('workspace', 'al')
    const check = () =>
      api.must(200, 'POST', `/v1/orgs/${org}/check`, { body: { principal: 'al', action: 'licenses.purchase' } })
    expect((await check()).body).toMatchObject({ allowed: false, code: 'FEATURE_DISABLED' })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { actor: 'al', body: { features: { licensing: true } } })
    expect((await check()).body).toEqual({ allowed: true })
  })
})
