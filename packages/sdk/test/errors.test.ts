import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRolecall, isRolecallError, RolecallError } from '../src/index.js'
import { type Api, join, newOrg, startApi } from './support/api.js'

let api: Api
let orgId: string
beforeAll(async () => {
  api = await startApi()
  orgId = await newOrg(api, 'multi-owner')
  await join(api, orgId, 'bo')
})
afterAll(() => api.close())

const failure = (pending: Promise<unknown>) =>
  pending.then(
    () => expect.fail('expected a RolecallError'),
    (e: unknown) => e,
  )

type Case = [name: string, run: () => Promise<unknown>, want: Partial<RolecallError>]
const cases: Case[] = [
  [
    'the last owner cannot give the role up',
    () => api.client({ actor: 'ana' }).roles.revoke(orgId, 'owner', 'ana', { confirm: true }),
    { status: 409, code: 'LAST_HOLDER', allowedRoles: ['owner'] },
  ],
  [
    'a member who may not revoke learns who could',
    () => api.client({ actor: 'bo' }).roles.revoke(orgId, 'owner', 'ana', { confirm: true }),
    { status: 403, code: 'NOT_AUTHORIZED', allowedRoles: ['owner'], contact: 'ana' },
  ],
  [
    'a role that needs confirmation says so',
    () => api.client({ actor: 'ana' }).roles.grant(orgId, 'owner', 'bo'),
    { status: 409, code: 'CONFIRMATION_REQUIRED' },
  ],
  [
    'a role the model lacks is 422',
    () => api.client({ actor: 'ana' }).roles.grant(orgId, 'wizard', 'bo'),
    { status: 422, code: 'UNKNOWN_ROLE' },
  ],
  [
    'an invalid body names each field',
    () => api.client().orgs.create({ id: 'no spaces', name: '', founder: { id: 'ana', displayName: 'Ana' } }),
    {
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ path: 'body.id' }), expect.objectContaining({ path: 'body.name' })],
    },
  ],
  [
    'an unknown key is 401',
    () => api.client({ apiKey: 'rc_wrong' }).orgs.get(orgId),
    { status: 401, code: 'UNAUTHENTICATED' },
  ],
]

describe('RolecallError', () => {
  for (const [name, run, want] of cases) {
    test(name, async () => {
      const error = await failure(run())
      expect(error).toBeInstanceOf(RolecallError)
      expect(error).toMatchObject({ ...want, detail: expect.any(String), requestId: expect.any(String) })
    })
  }

  test('carries the whole problem, and a message with status, code and detail', async () => {
    const error = await failure(api.client({ actor: 'ana' }).roles.revoke(orgId, 'owner', 'ana', { confirm: true }))
    if (!(error instanceof RolecallError)) return expect.fail('expected a RolecallError')
    expect(error.problem).toMatchObject({ type: 'urn:rolecall:problem:LAST_HOLDER', title: 'Last holder' })
    expect(error.problem.instance).toBe(`/v1/orgs/${orgId}/roles/owner/holders/ana`)
    expect(error.message).toBe(`409 LAST_HOLDER: ${error.detail}`)
    expect(error.name).toBe('RolecallError')
  })

  test('speaks German when the client asks for it', async () => {
    const error = await failure(api.client({ actor: 'bo', locale: 'de' }).roles.revoke(orgId, 'owner', 'ana'))
    expect(error).toMatchObject({ code: 'NOT_AUTHORIZED', detail: expect.stringContaining('Besitzer') })
  })

  test('an error response that is no problem is UNEXPECTED_RESPONSE, with the body as detail', async () => {
    const behindProxy = createRolecall({
      baseUrl: 'http://rolecall.test',
      apiKey: 'unused',
      fetch: async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    })
    const error = await failure(behindProxy.orgs.get('acme'))
    expect(error).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', detail: '<html>Bad gateway</html>' })
  })
})

describe('isRolecallError', () => {
  const lastHolder = new RolecallError({
    type: 'urn:rolecall:problem:LAST_HOLDER',
    title: 'Last holder',
    status: 409,
    detail: 'No.',
    code: 'LAST_HOLDER',
    instance: '/v1/orgs/acme/roles/owner/holders/ana',
  })
  const cases: [string, unknown, RolecallError['code'][], boolean][] = [
    ['any RolecallError matches when no code is given', lastHolder, [], true],
    ['a RolecallError with the code asked for matches', lastHolder, ['LAST_HOLDER'], true],
    ['a RolecallError with any of the codes asked for matches', lastHolder, ['NOT_AUTHORIZED', 'LAST_HOLDER'], true],
    ['a RolecallError with another code does not match', lastHolder, ['NOT_AUTHORIZED'], false],
    ['another error does not match', new Error('LAST_HOLDER'), [], false],
    ['a problem-shaped object does not match', { code: 'LAST_HOLDER' }, ['LAST_HOLDER'], false],
  ]
  for (const [name, error, codes, want] of cases) {
    test(name, () => expect(isRolecallError(error, ...codes)).toBe(want))
  }
})
