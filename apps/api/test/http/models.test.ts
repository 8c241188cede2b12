import { teamroom } from '@rolecall/core'
import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const modelOf = (org: string) => `/v1/orgs/${org}/model`
/** Teamroom with changes, as a custom model. */
const customTeamroom = (changes: Record<string, unknown>) => ({ ...teamroom, id: 'teamroom-custom', ...changes })

describe('POST /v1/models/validate', () => {
  test('a valid model: ok, no errors, and the warnings it has', async () => {
    const res = await api.must(200, 'POST', '/v1/models/validate', { body: teamroom })
    expect(res.body).toMatchObject({ ok: true, errors: [] })
    expect(Array.isArray(res.body.warnings)).toBe(true)
  })

  test('an invalid model: every error at once, each with its path and a sentence', async () => {
    const roles = teamroom.roles.map((r) =>
      r.name === 'owner' ? { ...r, min: 3, max: 1 } : r.name === 'admin' ? { ...r, grantedBy: ['nobody'] } : r,
    )
    const res = await api.must(200, 'POST', '/v1/models/validate', { body: customTeamroom({ roles }) })
    expect(res.body.ok).toBe(false)
    const codes = (res.body.errors as { code: string }[]).map((e) => e.code).sort()
    expect(codes).toEqual(['MIN_ABOVE_MAX', 'UNKNOWN_ROLE_REFERENCE'])
    for (const e of res.body.errors)
      expect(e).toMatchObject({ severity: 'error', path: expect.any(String), message: expect.any(String) })
  })

  test('a body that is no model at all still answers 200 with its shape errors; malformed JSON is 400', async () => {
    const res = await api.must(200, 'POST', '/v1/models/validate', { body: { id: 'x' } })
    expect(res.body.ok).toBe(false)
    expect(res.body.errors.every((e: { code: string }) => e.code === 'INVALID_SHAPE')).toBe(true)
    expectProblem(await api.call('POST', '/v1/models/validate', { body: '{' }), 400, 'VALIDATION_FAILED')
  })
})

describe('PUT /v1/orgs/{orgId}/model', () => {
  test('holders that break the new model refuse the switch: CONFLICT listing each violation, nothing written', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.join(org, 'bo', 'ana')
    await api.grant(org, 'co_owner', 'bo', 'ana')
    const before = await api.writes()
    const res = await api.call('PUT', modelOf(org), { actor: 'ana', body: { model: 'org-admin' } })
    expectProblem(res, 409, 'CONFLICT')
    expect(res.body.violations).toEqual(
      expect.arrayContaining([
        { code: 'UNKNOWN_ROLE', role: 'owner', principal: 'ana' },
        { code: 'UNKNOWN_ROLE', role: 'co_owner', principal: 'bo' },
        { code: 'BELOW_MIN', role: 'admin', limit: 1, count: 0 },
      ]),
    )
    // A dry run answers exactly as the switch would.
    expectProblem(
      await api.call('PUT', `${modelOf(org)}?dryRun=true`, { actor: 'ana', body: { model: 'org-admin' } }),
      409,
      'CONFLICT',
    )
    expect(await api.writes()).toEqual(before)
  })

  test('members only: a role a non-member holds today blocks a model that reserves it for members', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.grant(org, 'admin', 'ext', 'ana')
    const roles = teamroom.roles.map((r) => (r.name === 'admin' ? { ...r, membersOnly: true } : r))
    const res = await api.call('PUT', modelOf(org), {
      actor: 'ana',
      body: { model: 'custom', customModel: customTeamroom({ roles }) },
    })
    expectProblem(res, 409, 'CONFLICT')
    expect(res.body.violations).toEqual([{ code: 'NOT_A_MEMBER', role: 'admin', principal: 'ext' }])
  })

  test('a dry run of a fitting switch shows the result and writes nothing', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const before = await api.writes()
    const res = await api.must(200, 'PUT', `${modelOf(org)}?dryRun=true`, {
      actor: 'ana',
      body: { model: 'workspace' },
    })
    expect(res.body).toMatchObject({ ok: true, changed: true, dryRun: true, from: 'teamroom', to: 'workspace' })
    expect(await api.writes()).toEqual(before)
    expect((await api.must(200, 'GET', modelOf(org))).body.id).toBe('teamroom')
  })

  test('a fitting switch is audited, bumps the version, and reads see the new model at once', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    // Warm the cached state under the old model.
    expect((await api.holders(org, 'ana')).co_owner).toEqual([])
    const res = await api.must(200, 'PUT', modelOf(org), { actor: 'ana', body: { model: 'workspace' } })
    expect(res.body).toMatchObject({ ok: true, changed: true, dryRun: false, from: 'teamroom', to: 'workspace' })
    expect(res.headers.get('rolecall-consistency')).toBe(String(res.body.consistency))
    const orgBody = (await api.must(200, 'GET', `/v1/orgs/${org}`)).body
    expect(orgBody).toMatchObject({ model: 'workspace', consistency: res.body.consistency })
    const holders = await api.holders(org, 'ana')
    expect(Object.keys(holders)).toEqual(['owner', 'super_admin', 'admin', 'member'])
    expect((await api.auditTypes(org, 'ana')).at(-1)).toBe('org.model_changed')
  })

  test('switching to the model the org runs on changes nothing', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const before = await api.writes()
    const res = await api.must(200, 'PUT', modelOf(org), { actor: 'ana', body: { model: 'teamroom' } })
    expect(res.body).toMatchObject({ changed: false })
    expect(await api.writes()).toEqual(before)
  })

  test('a custom model: four-eyes anonymization takes effect', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const customModel = customTeamroom({ anonymization: { approvalsRequired: 2 } })
    await api.must(200, 'PUT', modelOf(org), { actor: 'ana', body: { model: 'custom', customModel } })
    const model = (await api.must(200, 'GET', modelOf(org))).body
    expect(model).toMatchObject({ id: 'teamroom-custom', anonymization: { approvalsRequired: 2 } })
    expect((await api.must(200, 'GET', `/v1/orgs/${org}`)).body.model).toBe('custom')
  })

  test('an unknown preset or an invalid custom model is VALIDATION_FAILED; an unknown org NOT_FOUND', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    expectProblem(
      await api.call('PUT', modelOf(org), { actor: 'ana', body: { model: 'nope' } }),
      400,
      'VALIDATION_FAILED',
    )
    const invalid = await api.call('PUT', modelOf(org), {
      actor: 'ana',
      body: { model: 'custom', customModel: { id: 'x' } },
    })
    expectProblem(invalid, 400, 'VALIDATION_FAILED')
    expect(invalid.body.errors.length).toBeGreaterThan(0)
    expectProblem(
      await api.call('PUT', modelOf('no-such-org'), { actor: 'ana', body: { model: 'teamroom' } }),
      404,
      'NOT_FOUND',
    )
  })

  test('without X-Rolecall-Actor a switch is VALIDATION_FAILED naming the header, and nothing is written', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    const before = await api.writes()
    const res = await api.call('PUT', modelOf(org), { body: { model: 'workspace' } })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'header.x-rolecall-actor' })])
    expect(await api.writes()).toEqual(before)
  })

  test('the switch is audited under the actor who made it', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    await api.must(200, 'PUT', modelOf(org), { actor: 'ana', body: { model: 'workspace' } })
    const events = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?type=org.model_changed`, { actor: 'ana' })
    expect(events.body.events).toEqual([expect.objectContaining({ type: 'org.model_changed', actor: 'ana' })])
  })

  // Regression: names every object answers to were looked up as presets and ended in a 500.
  test('a name inherited by every object is no preset: VALIDATION_FAILED, here and when creating an org', async () => {
    const org = await api.createOrg('teamroom', 'ana')
    for (const model of ['toString', '__proto__', 'constructor']) {
      expectProblem(await api.call('PUT', modelOf(org), { actor: 'ana', body: { model } }), 400, 'VALIDATION_FAILED')
      const create = { name: 'Proto', model, founder: { id: 'ana', displayName: 'Ana' } }
      expectProblem(await api.call('POST', '/v1/orgs', { body: create }), 400, 'VALIDATION_FAILED')
    }
  })
})
