import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { scrubbed } from '../../src/loggable-error.js'
import { captureLogs, listen, testDeps } from '../fixtures.js'
import { type Call, callerOf, expectProblem, useApi } from './harness.js'

const api = useApi()
const logs = captureLogs()
let call: Call
let close = async () => {}

beforeAll(async () => {
  // What a deployment may add to its database, refusals the app has no sentence for. Both errors quote the
  // refused row's e-mail address (`detail`, and PGlite's `params`).
  await sql`alter table people add constraint people_email_not_blocked check (email not like '%@blocked.example')`.execute(
    api.db,
  )
  await sql`create unique index people_email_lower on people (org_id, lower(email))`.execute(api.db)
  // The API again on the same database, its log captured.
  const server = await listen(testDeps({ db: api.db, logger: logs.logger }))
  call = callerOf(server.url)
  close = server.close
})
afterAll(() => close())

const invite = (org: string, user: Record<string, string>, requestId: string) =>
  call('POST', `/v1/orgs/${org}/invitations`, { actor: 'ana', body: { user }, headers: { 'X-Request-Id': requestId } })

const lineOf = (requestId: string, msg: string) =>
  logs.lines.find((line) => line.requestId === requestId && line.msg === msg)

describe('onError', () => {
  test('an unexpected database error is a 500 whose log line names it without the values it quotes', async () => {
    const org = await api.createOrg()
    const res = await invite(org, { id: 'bo', displayName: 'Bo', email: 'bo@blocked.example' }, 'req-blocked')
    expectProblem(res, 500, 'INTERNAL')
    expect(lineOf('req-blocked', 'request failed')).toMatchObject({
      level: 50,
      err: { code: '23514', table: 'people', constraint: 'people_email_not_blocked', message: expect.any(String) },
    })
    expect(JSON.stringify(logs.lines)).not.toMatch(/blocked\.example|Failing row|rc_admin/)
  })

  test('a unique index the app has no sentence for is CONFLICT, logged as a warning without the values', async () => {
    const org = await api.createOrg()
    await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'eve', displayName: 'Eve', email: 'eve@case.example' } },
    })
    const before = await api.writes()
    const res = await invite(org, { id: 'eve-2', displayName: 'Eve', email: 'EVE@case.example' }, 'req-case')
    expectProblem(res, 409, 'CONFLICT')
    expect(res.body.detail).toBe('The request clashes with data stored meanwhile; nothing was written.')
    expect(await api.writes()).toEqual(before)
    expect(lineOf('req-case', 'unforeseen unique conflict')).toMatchObject({
      level: 40,
      err: { code: '23505', table: 'people', constraint: 'people_email_lower' },
    })
    expect(JSON.stringify(logs.lines)).not.toMatch(/case\.example/i)
  })
})

describe('scrubbed', () => {
  const cases = [
    [
      'masks an e-mail address',
      'Key (email)=(ana@example.com) already exists.',
      'Key (email)=([email]) already exists.',
    ],
    ['masks an encoded one', '/members/ana%40example.com/roles', '/members/[email]/roles'],
    ['masks keys and webhook secrets', 'rc_admin_abc-DEF rc_Xy_z9 whsec_a+b/c=', '[key] [key] [key]'],
    [
      'leaves a scoped package in a stack',
      'at node_modules/@rolecall/db/src/x.ts:1:2',
      'at node_modules/@rolecall/db/src/x.ts:1:2',
    ],
  ] as const
  for (const [name, text, want] of cases) test(name, () => expect(scrubbed(text)).toBe(want))
})
