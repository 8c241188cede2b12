import { beforeAll, describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

// The check routes validate in one pass of their own rather than through app.openapi(); these pin
// that bad input is answered as on every other route: VALIDATION_FAILED naming each field, in order.
const api = useApi()
let org = ''
const json = { 'Content-Type': 'application/json' }

beforeAll(async () => {
  org = await api.createOrg('teamroom', 'ana')
})

const paths = (body: { errors?: { path: string }[] }) => body.errors?.map((e) => e.path)

describe('bad input to the check routes', () => {
  test('a consistency token that is not a number names query.consistency, before the body is read', async () => {
    const res = await api.call('POST', `/v1/orgs/${org}/check?consistency=soon`, { body: 'not json', headers: json })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(paths(res.body)).toEqual(['query.consistency'])
  })

  test('an org id over 200 characters names path.orgId', async () => {
    const res = await api.call('POST', `/v1/orgs/${'o'.repeat(201)}/check`, { body: { principal: 'ana', action: 'x' } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(paths(res.body)).toEqual(['path.orgId'])
  })

  test('a body that is not JSON, or JSON that does not parse, is VALIDATION_FAILED', async () => {
    const text = { body: 'principal=ana', headers: { 'Content-Type': 'text/plain' } }
    expectProblem(await api.call('POST', `/v1/orgs/${org}/check`, text), 400, 'VALIDATION_FAILED')
    const malformed = { body: '{"principal": ', headers: json }
    expectProblem(await api.call('POST', `/v1/orgs/${org}/check/batch`, malformed), 400, 'VALIDATION_FAILED')
  })

  test('no body at all names the missing fields', async () => {
    const res = await api.call('POST', `/v1/orgs/${org}/check`)
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(paths(res.body)).toEqual(['body.principal', 'body.action'])
  })

  test('an empty principal and a null context are each named', async () => {
    const res = await api.call('POST', `/v1/orgs/${org}/check`, { body: { principal: '', action: 'a', context: null } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(paths(res.body)).toEqual(['body.principal', 'body.context'])
  })

  test('a batch names the invalid item by its index, and refuses an empty or oversized list', async () => {
    const checks = [
      { principal: 'ana', action: 'org.manage' },
      { principal: 'ana', action: 'a'.repeat(101) },
    ]
    const res = await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(paths(res.body)).toEqual(['body.checks[1].action'])
    for (const size of [0, 101]) {
      const many = Array.from({ length: size }, () => checks[0])
      const sized = await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks: many } })
      expectProblem(sized, 400, 'VALIDATION_FAILED')
      expect(paths(sized.body)).toEqual(['body.checks'])
    }
  })

  test('fields a check does not know are ignored, in a batch as alone', async () => {
    const check = { principal: 'ana', action: 'org.manage', extra: true }
    expect((await api.call('POST', `/v1/orgs/${org}/check`, { body: check })).body).toEqual({ allowed: true })
    const batch = await api.call('POST', `/v1/orgs/${org}/check/batch`, { body: { checks: [check] } })
    expect(batch.body).toEqual({ results: [{ allowed: true }] })
  })
})
