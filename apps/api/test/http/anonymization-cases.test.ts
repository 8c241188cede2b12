import { teamroom } from '@rolecall/core'
import { type Kysely, sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const cases = (org: string) => `/v1/orgs/${org}/anonymization-cases`
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

/**
 * A teamroom org owned by ana, with cora as compliance manager (an approver), dan a plain member, and
 * zed removed by ana: one open case about zed, whose id is returned.
 */
async function withCase(model: string | Record<string, unknown> = 'teamroom') {
  const org =
    typeof model === 'string'
      ? await api.createOrg(model, 'ana')
      : await api.createOrg('custom', 'ana', { customModel: model })
  for (const user of ['cora', 'dan', 'zed']) await api.join(org, user, 'ana')
  await api.grant(org, 'compliance_manager', 'cora', 'ana')
  await api.grant(org, 'admin', 'zed', 'ana')
  const removed = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/zed`, { actor: 'ana' })
  return { org, caseId: removed.body.caseId as string, removed: removed.body }
}

type Case = { id: string; subject: string }
type CasePage = { cases: Case[]; next: string | null }

/** A teamroom org owned by ana in which each of `users` joined and was removed, in order: one case each. */
async function removedMembers(users: string[]) {
  const org = await api.createOrg('teamroom', 'ana')
  for (const user of users) {
    await api.join(org, user, 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${org}/members/${user}`, { actor: 'ana' })
  }
  return org
}

/** Every page of the org's cases as ana reads them, following `next` from the first page on. */
async function walk(org: string, query: string): Promise<CasePage[]> {
  const pages: CasePage[] = []
  let cursor: string | null = null
  do {
    const path: string = `${cases(org)}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const page = (await api.must(200, 'GET', path, { actor: 'ana' })).body as CasePage
    pages.push(page)
    cursor = page.next
  } while (cursor !== null && pages.length < 20)
  return pages
}

describe('removing a member opens an anonymization case', () => {
  test('DELETE members/{userId} revokes their roles, terminates them and opens a case in one decision', async () => {
    const { removed, caseId } = await withCase()
    expect(caseId).toEqual(expect.any(String))
    expect(removed.effects.map((e: { kind: string }) => e.kind)).toEqual([
      'role.revoked',
      'member.terminated',
      'case.opened',
    ])
  })
})

describe('GET /v1/orgs/{orgId}/anonymization-cases', () => {
  test('an approver lists the open case with its subject, name and requirement', async () => {
    const { org, caseId } = await withCase()
    const res = await api.must(200, 'GET', `${cases(org)}?status=open`, { actor: 'cora' })
    expect(res.body.cases).toEqual([
      {
        id: caseId,
        subject: 'zed',
        subjectName: 'ZED',
        status: 'open',
        approvals: [],
        required: 1,
        reminderAt: null,
        createdAt: expect.any(String),
        closedAt: null,
      },
    ])
    expect((await api.must(200, 'GET', `${cases(org)}?status=anonymized`, { actor: 'cora' })).body.cases).toEqual([])
    expect((await api.must(200, 'GET', `${cases(org)}/${caseId}`, { actor: 'ana' })).body.id).toBe(caseId)
  })

  test('someone who may not approve reads no case: NOT_AUTHORIZED naming the roles that may', async () => {
    const { org, caseId } = await withCase()
    const res = await api.call('GET', cases(org), { actor: 'dan' })
    expectProblem(res, 403, 'NOT_AUTHORIZED')
    expect(res.body.allowedRoles).toContain('compliance_manager')
    expectProblem(await api.call('GET', `${cases(org)}/${caseId}`, { actor: 'dan' }), 403, 'NOT_AUTHORIZED')
    expectProblem(await api.call('GET', `${cases(org)}/${caseId}/links`, { actor: 'dan' }), 403, 'NOT_AUTHORIZED')
  })

  test('limit=1 walks every case exactly once, newest first, and next is null on the last page', async () => {
    const org = await removedMembers(['m1', 'm2', 'm3'])
    const all = await api.must(200, 'GET', cases(org), { actor: 'ana' })
    expect(all.body.next).toBeNull()
    expect(all.body.cases.map((c: Case) => c.subject)).toEqual(['m3', 'm2', 'm1'])
    const pages = await walk(org, '?limit=1')
    expect(pages.map((page) => page.cases.length)).toEqual([1, 1, 1])
    expect(pages.at(-1)?.next).toBeNull()
    expect(pages.flatMap((page) => page.cases)).toEqual(all.body.cases)
  })

  test('cases opened at the same instant still page each exactly once, ties broken by id', async () => {
    const org = await removedMembers(['m1', 'm2', 'm3', 'm4'])
    // One decision can open several cases at one time; the stored time also has microseconds a cursor
    // holding a JavaScript Date would round away.
    await sql`update anonymization_cases set created_at = '2026-03-01 12:00:00.123456+00' where org_id = ${org}`.execute(
      api.db,
    )
    const walked = (await walk(org, '?limit=1')).flatMap((page) => page.cases.map((c) => c.id))
    expect(walked).toHaveLength(4)
    expect(walked).toEqual([...walked].sort().reverse())
  })

  test('the status filter holds on every page', async () => {
    const org = await removedMembers(['m1', 'm2', 'm3'])
    const middle = (await api.must(200, 'GET', cases(org), { actor: 'ana' })).body.cases[1] as Case
    await api.must(200, 'POST', `${cases(org)}/${middle.id}/approvals`, { actor: 'ana' })
    const open = (await walk(org, '?status=open&limit=1')).flatMap((page) => page.cases.map((c) => c.subject))
    expect(open).toEqual(['m3', 'm1'])
    const closed = (await walk(org, '?status=anonymized&limit=1')).flatMap((page) => page.cases.map((c) => c.id))
    expect(closed).toEqual([middle.id])
  })

  test('a cursor the API did not hand out is VALIDATION_FAILED naming query.cursor', async () => {
    const { org } = await withCase()
    const res = await api.call('GET', `${cases(org)}?cursor=not-a-case&limit=1`, { actor: 'cora' })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })])
    const tooMany = await api.call('GET', `${cases(org)}?limit=201`, { actor: 'cora' })
    expectProblem(tooMany, 400, 'VALIDATION_FAILED')
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ path: 'query.limit' })])
  })

  test('an unknown case is NOT_FOUND, a missing actor VALIDATION_FAILED', async () => {
    const { org } = await withCase()
    expectProblem(await api.call('GET', `${cases(org)}/nope`, { actor: 'cora' }), 404, 'NOT_FOUND')
    expectProblem(await api.call('GET', cases(org)), 400, 'VALIDATION_FAILED')
  })

  // Regression: Postgres cannot store or compare a NUL character, and the lookups ended in a 500.
  test('a case id with a NUL character is VALIDATION_FAILED on every case route, and nothing is written', async () => {
    const { org } = await withCase()
    const before = await api.writes()
    const nul = `${cases(org)}/c%00`
    expectProblem(await api.call('GET', nul, { actor: 'cora' }), 400, 'VALIDATION_FAILED')
    expectProblem(await api.call('GET', `${nul}/links`, { actor: 'cora' }), 400, 'VALIDATION_FAILED')
    expectProblem(await api.call('POST', `${nul}/approvals`, { actor: 'cora' }), 400, 'VALIDATION_FAILED')
    expectProblem(await api.call('DELETE', `${nul}/reminder`, { actor: 'cora' }), 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })
})

describe('approvers follow the model', () => {
  test('org-admin: an admin approves; a user admin, who may remove members, may not', async () => {
    const org = await api.createOrg('org-admin', 'ada')
    for (const user of ['uma', 'zed']) await api.join(org, user, 'ada')
    await api.grant(org, 'user_admin', 'uma', 'ada')
    const caseId = (await api.must(200, 'DELETE', `/v1/orgs/${org}/members/zed`, { actor: 'uma' })).body.caseId
    expectProblem(await api.call('POST', `${cases(org)}/${caseId}/approvals`, { actor: 'uma' }), 403, 'NOT_AUTHORIZED')
    const approved = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'ada' })
    expect(approved.body.effects.map((e: { kind: string }) => e.kind)).toEqual(['case.approved', 'user.anonymized'])
  })
})

describe('GET /v1/orgs/{orgId}/anonymization-cases/{caseId}/links', () => {
  test('lists every record naming the subject, grouped by kind with counts', async () => {
    const { org, caseId } = await withCase()
    const res = await api.must(200, 'GET', `${cases(org)}/${caseId}/links`, { actor: 'cora' })
    expect(res.body).toMatchObject({ caseId, subject: 'zed' })
    const counts = Object.fromEntries(
      (res.body.groups as { kind: string; count: number }[]).map((g) => [g.kind, g.count]),
    )
    expect(counts).toEqual({
      roles_held: 0,
      roles_held_before: 1,
      // zed accepted the invitation: member.activated was theirs
      audit_events_as_actor: 1,
      // invited, activated, granted admin, revoked admin, terminated, case opened
      audit_events_as_subject: 6,
      ownership_transfers: 0,
      anonymization_cases: 1,
      invitations: 1,
      context_assignments: 0,
    })
    const before = res.body.groups.find((g: { kind: string }) => g.kind === 'roles_held_before')
    expect(before.items).toEqual([expect.objectContaining({ role: 'admin', revokedBy: 'ana', cause: 'removal' })])
  })
})

describe('POST /v1/orgs/{orgId}/anonymization-cases/{caseId}/approvals', () => {
  test('one approval anonymizes at once: the name becomes a pseudonym, history keeps pointing at the id', async () => {
    const { org, caseId } = await withCase()
    const res = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'cora' })
    expect(res.body).toMatchObject({
      ok: true,
      changed: true,
      effects: [
        { kind: 'case.approved', caseId, approver: 'cora', approvals: 1, required: 1 },
        { kind: 'user.anonymized', principal: 'zed', caseId },
      ],
    })
    const after = await api.must(200, 'GET', `${cases(org)}/${caseId}`, { actor: 'cora' })
    expect(after.body).toMatchObject({ status: 'anonymized', approvals: ['cora'], closedAt: expect.any(String) })
    expect(after.body.subjectName).toMatch(/^anonymous-/)
    const events = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?subject=zed&limit=200`, { actor: 'ana' })
    expect(events.body.events.length).toBeGreaterThan(5)
    const members = await api.must(200, 'GET', `/v1/orgs/${org}/members?status=terminated`, { actor: 'ana' })
    expect(members.body.members).toEqual([
      expect.objectContaining({ principal: 'zed', displayName: after.body.subjectName, email: null }),
    ])
  })

  test('a dry run answers as the real approval would and writes nothing', async () => {
    const { org, caseId } = await withCase()
    const before = await api.writes()
    const res = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals?dryRun=true`, { actor: 'cora' })
    expect(res.body).toMatchObject({ dryRun: true, changed: true })
    expect(res.body.effects.map((e: { kind: string }) => e.kind)).toEqual(['case.approved', 'user.anonymized'])
    expect(await api.writes()).toEqual(before)
  })

  test('a non-approver is NOT_AUTHORIZED and nothing is written', async () => {
    const { org, caseId } = await withCase()
    const before = await api.writes()
    expectProblem(await api.call('POST', `${cases(org)}/${caseId}/approvals`, { actor: 'dan' }), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
  })

  test('nobody approves a case about themselves: SELF_APPROVAL_FORBIDDEN, nothing written', async () => {
    const { org, caseId } = await withCase()
    // Teamroom lets non-members hold compliance_manager, so the former member can be an approver.
    await api.grant(org, 'compliance_manager', 'zed', 'ana')
    const before = await api.writes()
    const res = await api.call('POST', `${cases(org)}/${caseId}/approvals`, { actor: 'zed' })
    expectProblem(res, 409, 'SELF_APPROVAL_FORBIDDEN')
    expect(await api.writes()).toEqual(before)
  })

  test('an anonymized case is closed: CASE_CLOSED, nothing written; an unknown case is NOT_FOUND', async () => {
    const { org, caseId } = await withCase()
    await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'cora' })
    const before = await api.writes()
    expectProblem(await api.call('POST', `${cases(org)}/${caseId}/approvals`, { actor: 'ana' }), 409, 'CASE_CLOSED')
    expectProblem(await api.call('POST', `${cases(org)}/nope/approvals`, { actor: 'ana' }), 404, 'NOT_FOUND')
    expect(await api.writes()).toEqual(before)
  })

  test('four-eyes: two different approvers; the same approver twice counts once', async () => {
    const fourEyes = { ...teamroom, id: 'teamroom-four-eyes', anonymization: { approvalsRequired: 2 } }
    const { org, caseId } = await withCase(fourEyes as unknown as Record<string, unknown>)
    const first = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'cora' })
    expect(first.body.effects).toEqual([{ kind: 'case.approved', caseId, approver: 'cora', approvals: 1, required: 2 }])
    const again = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'cora' })
    expect(again.body).toMatchObject({ changed: false, effects: [] })
    expect((await api.must(200, 'GET', `${cases(org)}/${caseId}`, { actor: 'ana' })).body).toMatchObject({
      status: 'open',
      approvals: ['cora'],
      required: 2,
    })
    const second = await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'ana' })
    expect(second.body.effects).toEqual([
      { kind: 'case.approved', caseId, approver: 'ana', approvals: 2, required: 2 },
      { kind: 'user.anonymized', principal: 'zed', caseId },
    ])
  })
})

describe('anonymizing stays within the org', () => {
  // Each org keeps its own profile of a person: one org anonymizes what it knows, and another org that
  // still works with the person keeps theirs. The approval says nothing of the other org (no denial,
  // no wait), so it cannot be used to learn who is a member elsewhere.
  test("an approval anonymizes the org's own profile; another org keeps its name, address and audit log", async () => {
    const [a, b] = [await api.createOrg('teamroom', 'ana'), await api.createOrg('teamroom', 'bob')]
    const zed = { id: 'usr_shared', displayName: 'Shared Person', email: 'shared.person@example.test' }
    for (const [org, by] of [
      [a, 'ana'],
      [b, 'bob'],
    ] as const) {
      const invited = await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, { actor: by, body: { user: zed } })
      await api.must(200, 'POST', `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`, { actor: zed.id })
    }
    const readB = async () => ({
      members: (await api.must(200, 'GET', `/v1/orgs/${b}/members`, { actor: 'bob' })).body,
      audit: (await api.must(200, 'GET', `/v1/orgs/${b}/audit-events?limit=200`, { actor: 'bob' })).body,
    })
    const beforeB = await readB()
    const caseId = (await api.must(200, 'DELETE', `/v1/orgs/${a}/members/${zed.id}`, { actor: 'ana' })).body.caseId
    const approved = await api.must(200, 'POST', `${cases(a)}/${caseId}/approvals`, { actor: 'ana' })
    expect(approved.body.effects.map((e: { kind: string }) => e.kind)).toEqual(['case.approved', 'user.anonymized'])

    const inA = await api.must(200, 'GET', `/v1/orgs/${a}/people/${zed.id}`, { actor: 'ana' })
    expect(inA.body).toMatchObject({ anonymized: true, email: null, displayName: expect.stringMatching(/^anonymous-/) })
    expect(await readB()).toEqual(beforeB)
    expect(beforeB.members.members).toContainEqual(
      expect.objectContaining({ principal: zed.id, displayName: zed.displayName, email: zed.email }),
    )
  })
})

describe('PUT and DELETE /v1/orgs/{orgId}/anonymization-cases/{caseId}/reminder', () => {
  test('an approver sets a reminder in the future and clears it', async () => {
    const { org, caseId } = await withCase()
    const at = inAnHour()
    const set = await api.must(200, 'PUT', `${cases(org)}/${caseId}/reminder`, { actor: 'cora', body: { at } })
    expect(set.body.effects).toEqual([{ kind: 'case.reminder_set', caseId, at }])
    expect((await api.must(200, 'GET', `${cases(org)}/${caseId}`, { actor: 'cora' })).body.reminderAt).toBe(at)
    const cleared = await api.must(200, 'DELETE', `${cases(org)}/${caseId}/reminder`, { actor: 'cora' })
    expect(cleared.body.effects).toEqual([{ kind: 'case.reminder_cleared', caseId }])
    expect((await api.must(200, 'GET', `${cases(org)}/${caseId}`, { actor: 'cora' })).body.reminderAt).toBeNull()
    expect((await api.auditTypes(org, 'ana')).slice(-2)).toEqual(['case.reminder_set', 'case.reminder_cleared'])
  })

  test('a reminder in the past, or no time at all, is VALIDATION_FAILED and nothing is written', async () => {
    const { org, caseId } = await withCase()
    const before = await api.writes()
    const past = await api.call('PUT', `${cases(org)}/${caseId}/reminder`, {
      actor: 'cora',
      body: { at: new Date(Date.now() - 60_000).toISOString() },
    })
    expectProblem(past, 400, 'VALIDATION_FAILED')
    expect(past.body.errors).toEqual([{ path: 'body.at', message: expect.any(String) }])
    const bad = await api.call('PUT', `${cases(org)}/${caseId}/reminder`, { actor: 'cora', body: { at: 'soon' } })
    expectProblem(bad, 400, 'VALIDATION_FAILED')
    // Regression: an offset pushed this past the year 9999, which the database refused with a 500.
    const beyond = { at: '9999-12-31T23:59:59-23:59' }
    const far = await api.call('PUT', `${cases(org)}/${caseId}/reminder`, { actor: 'cora', body: beyond })
    expectProblem(far, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  test('a non-approver is NOT_AUTHORIZED; a closed case is CASE_CLOSED; nothing is written', async () => {
    const { org, caseId } = await withCase()
    const before = await api.writes()
    const body = { at: inAnHour() }
    expectProblem(
      await api.call('PUT', `${cases(org)}/${caseId}/reminder`, { actor: 'dan', body }),
      403,
      'NOT_AUTHORIZED',
    )
    expectProblem(await api.call('DELETE', `${cases(org)}/${caseId}/reminder`, { actor: 'dan' }), 403, 'NOT_AUTHORIZED')
    expect(await api.writes()).toEqual(before)
    await api.must(200, 'POST', `${cases(org)}/${caseId}/approvals`, { actor: 'cora' })
    expectProblem(
      await api.call('PUT', `${cases(org)}/${caseId}/reminder`, { actor: 'cora', body }),
      409,
      'CASE_CLOSED',
    )
    expectProblem(await api.call('DELETE', `${cases(org)}/${caseId}/reminder`, { actor: 'cora' }), 409, 'CASE_CLOSED')
  })
})

/** Every text-like column of every table outside the system schemas (pg-boss's included) whose value contains `needle`. */
async function findEverywhere(db: Kysely<unknown>, needle: string): Promise<string[]> {
  const { rows: columns } = await sql<{ table_schema: string; table_name: string; column_name: string }>`
    select c.table_schema, c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg_toast%'
      and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
        or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
  `.execute(db)
  expect(columns.length).toBeGreaterThan(20)
  const found: string[] = []
  for (const { table_schema, table_name, column_name } of columns) {
    const { rows } = await sql<{ n: string | number }>`
      select count(*) as n from ${sql.table(`${table_schema}.${table_name}`)}
      where strpos(lower(${sql.ref(column_name)}::text), lower(${needle})) > 0
    `.execute(db)
    if (Number(rows[0]?.n) > 0) found.push(`${table_schema}.${table_name}.${column_name}`)
  }
  return found
}

describe('anonymizing forgets the person everywhere', () => {
  // Regression: the name was replaced inside the stored responses' JSON text, so a person named "e"
  // turned every `true` into invalid JSON and their approval failed with a 500; "Berg" lost its "e" too.
  test('a name that occurs inside words is replaced only where it stands alone, and stored replays stay intact', async () => {
    const created = await api.must(201, 'POST', '/v1/orgs', {
      body: { name: 'Berg AG', model: 'teamroom', founder: { id: 'anna', displayName: 'Anna Berg' } },
    })
    const org = created.body.id as string
    for (const user of ['cora', 'dan']) await api.join(org, user, 'anna')
    await api.grant(org, 'compliance_manager', 'cora', 'anna')
    const invite = { actor: 'anna', body: { user: { id: 'usr_e', displayName: 'e' } } }
    const invited = await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, invite)
    await api.must(200, 'POST', `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`, { actor: 'usr_e' })
    // A denial that names the owner, "Anna Berg", kept for retries.
    const denied = { actor: 'dan', headers: { 'Idempotency-Key': 'dan-tries' } }
    const first = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/dan`, denied)
    expectProblem(first, 403, 'NOT_AUTHORIZED')
    expect(first.body.detail).toContain('Anna Berg')
    const remove = { actor: 'anna', headers: { 'Idempotency-Key': 'remove-e' } }
    const removed = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/usr_e`, remove)

    await api.must(200, 'POST', `${cases(org)}/${removed.body.caseId}/approvals`, { actor: 'cora' })
    const replayed = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/dan`, denied)
    expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 403, body: first.body })
    const removedAgain = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/usr_e`, remove)
    expect(removedAgain.body).toEqual(removed.body)
  })

  test('after the approval no table, in any schema, holds their name, e-mail address or Slack id', async () => {
    const person = {
      id: 'usr_4711',
      displayName: 'Zelda Quarrington',
      email: 'zelda.quarrington@example.test',
      slackUserId: 'U0ZELDA4711',
    }
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'cora', 'ana')
    await api.grant(org, 'compliance_manager', 'cora', 'ana')
    const invited = await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: person },
      headers: { 'Idempotency-Key': 'invite-zelda' },
    })
    await api.must(200, 'POST', `/v1/orgs/${org}/invitations/${invited.body.invitationId}/accept`, {
      actor: person.id,
    })
    await api.grant(org, 'admin', person.id, 'ana')
    const removed = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/${person.id}`, {
      actor: 'ana',
      headers: { 'Idempotency-Key': 'remove-zelda' },
    })
    // A denial's sentence names the person, and its response is kept for idempotent retries.
    const again = await api.call('DELETE', `/v1/orgs/${org}/members/${person.id}`, {
      actor: 'ana',
      headers: { 'Idempotency-Key': 'remove-zelda-again' },
    })
    expectProblem(again, 409, 'NOT_A_MEMBER')
    const db = api.db as unknown as Kysely<unknown>
    expect(await findEverywhere(db, person.email)).toEqual(['public.people.email'])
    expect(await findEverywhere(db, person.displayName)).toContain('public.idempotency_keys.response_body')

    await api.must(200, 'POST', `${cases(org)}/${removed.body.caseId}/approvals`, {
      actor: 'cora',
      headers: { 'Idempotency-Key': 'approve-zelda' },
    })
    expect(await findEverywhere(db, person.email)).toEqual([])
    expect(await findEverywhere(db, person.displayName)).toEqual([])
    expect(await findEverywhere(db, 'Quarrington')).toEqual([])
    expect(await findEverywhere(db, person.slackUserId)).toEqual([])
    // History keeps its shape: the events about the person still name their id.
    const { rows } = await sql<{ n: string | number }>`
      select count(*) as n from audit_events where subject = ${person.id}
    `.execute(db)
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(6)
  })
})
