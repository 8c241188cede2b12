import type { ProblemCode as ApiProblemCode } from '@rolecall/api'
import { describe, expectTypeOf, test } from 'vitest'
import {
  type AnonymizationCase,
  type AuditEvent,
  type CasePage,
  type CheckAnswer,
  type Context,
  type ContextPage,
  createRolecall,
  type Decision,
  isRolecallError,
  type Member,
  type MemberPage,
  type Org,
  type Problem,
  type ProblemCode,
  type Role,
  type Rolecall,
  type RolecallErrorCode,
  type Transfer,
} from '../src/index.js'

const rolecall = createRolecall({ baseUrl: 'https://rolecall.test', apiKey: 'rc_key' })

describe('Rolecall', () => {
  test('methods answer the types of the spec', () => {
    expectTypeOf(rolecall.orgs.create).returns.resolves.toEqualTypeOf<Org>()
    expectTypeOf(rolecall.members.list).returns.resolves.toEqualTypeOf<MemberPage>()
    expectTypeOf(rolecall.members.iterate).returns.toEqualTypeOf<AsyncIterableIterator<Member>>()
    expectTypeOf(rolecall.anonymization.list).returns.resolves.toEqualTypeOf<CasePage>()
    expectTypeOf(rolecall.anonymization.iterate).returns.toEqualTypeOf<AsyncIterableIterator<AnonymizationCase>>()
    expectTypeOf(rolecall.contexts.list).returns.resolves.toEqualTypeOf<ContextPage>()
    expectTypeOf(rolecall.contexts.iterate).returns.toEqualTypeOf<AsyncIterableIterator<Context>>()
    expectTypeOf(rolecall.roles.list).returns.resolves.toEqualTypeOf<Role[]>()
    expectTypeOf(rolecall.roles.revoke).returns.resolves.toEqualTypeOf<Decision>()
    expectTypeOf(rolecall.transfers.current).returns.resolves.toEqualTypeOf<Transfer>()
    expectTypeOf(rolecall.checkBatch).returns.resolves.toEqualTypeOf<CheckAnswer[]>()
    expectTypeOf(rolecall.auditEvents).returns.toEqualTypeOf<AsyncIterableIterator<AuditEvent>>()
    expectTypeOf(rolecall.apiKeys.revoke).returns.resolves.toEqualTypeOf<void>()
    expectTypeOf(rolecall.as('usr_bo')).toEqualTypeOf<Rolecall>()
    expectTypeOf<Decision['consistency']>().toEqualTypeOf<number>()
  })

  test('the raw client answers data or the problem, typed from the spec', async () => {
    const { data, error } = await rolecall.raw.GET('/v1/orgs/{orgId}', { params: { path: { orgId: 'acme' } } })
    expectTypeOf(data).toEqualTypeOf<Org | undefined>()
    expectTypeOf(error).toEqualTypeOf<Problem | undefined>()
  })

  test('problem codes are exactly the codes the API sends', () => {
    expectTypeOf<ProblemCode>().toEqualTypeOf<ApiProblemCode>()
  })

  test('isRolecallError narrows the code to the ones asked for', () => {
    const e: unknown = new Error()
    if (isRolecallError(e, 'LAST_HOLDER')) expectTypeOf(e.code).toEqualTypeOf<'LAST_HOLDER'>()
    if (isRolecallError(e, 'LAST_HOLDER', 'NOT_AUTHORIZED')) {
      expectTypeOf(e.code).toEqualTypeOf<'LAST_HOLDER' | 'NOT_AUTHORIZED'>()
    }
    if (isRolecallError(e)) expectTypeOf(e.code).toEqualTypeOf<RolecallErrorCode>()
    // @ts-expect-error a code the API never sends
    isRolecallError(e, 'LAST_HOLDR')
  })

  test('mistakes do not compile', async () => {
    // @ts-expect-error a path the API does not have
    await rolecall.raw.GET('/v1/organisations/{orgId}', { params: { path: { orgId: 'acme' } } })
    // @ts-expect-error a body of the wrong shape: the checks go in `{ checks }`
    await rolecall.raw.POST('/v1/orgs/{orgId}/check/batch', { params: { path: { orgId: 'acme' } }, body: [] })
    // @ts-expect-error a body of the wrong shape: an action is a string
    await rolecall.check('acme', { principal: 'usr_bo', action: 42 })
    // @ts-expect-error a required field is missing: every org has a founder
    await rolecall.orgs.create({ name: 'Acme' })
    // @ts-expect-error a required path parameter is missing
    await rolecall.raw.GET('/v1/orgs/{orgId}', { params: { path: {} } })
    // @ts-expect-error flags are booleans; the client turns them into the query's strings
    await rolecall.roles.grant('acme', 'admin', 'usr_bo', { dryRun: 'true' })
    // @ts-expect-error a member status the API does not know
    rolecall.members.iterate('acme', { status: 'away' })
    // @ts-expect-error iterate walks every page itself: it takes no cursor
    rolecall.anonymization.iterate('acme', { cursor: 'c41f' })
  })
})
