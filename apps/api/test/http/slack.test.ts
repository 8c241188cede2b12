import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

describe('GET /v1/slack/teams/{teamId}', () => {
  test('answers the org linked to a Slack workspace', async () => {
    const orgId = await api.createOrg('teamroom', 'ana', { slackTeamId: 'T_TEAMS_1' })
    const res = await api.must(200, 'GET', '/v1/slack/teams/T_TEAMS_1')
    expect(res.body).toEqual({ orgId, name: expect.any(String), slackTeamId: 'T_TEAMS_1' })
  })

  test('an unlinked workspace, or one reached by a key for other orgs, is NOT_FOUND', async () => {
    await api.createOrg('teamroom', 'ana', { slackTeamId: 'T_TEAMS_2' })
    expectProblem(await api.call('GET', '/v1/slack/teams/T_NOBODY'), 404, 'NOT_FOUND')
    expectProblem(await api.call('GET', '/v1/slack/teams/T_TEAMS_2', { key: 'rc_key_acme' }), 404, 'NOT_FOUND')
  })
})

describe('POST /v1/orgs/{orgId}/slack/users/resolve', () => {
  const setup = async () => {
    const orgId = await api.createOrg('teamroom', 'ana')
    await api.must(201, 'POST', `/v1/orgs/${orgId}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'res_bo', displayName: 'Bo', email: 'Bo@Example.com' } },
    })
    return orgId
  }

  test('finds a person by e-mail, stores the Slack id once, then finds them by it', async () => {
    const orgId = await setup()
    const path = `/v1/orgs/${orgId}/slack/users/resolve`
    const first = await api.must(200, 'POST', path, { body: { slackUserId: 'U_BO', email: 'bo@example.com' } })
    expect(first.body).toEqual({ userId: 'res_bo', displayName: 'Bo', slackUserId: 'U_BO', linked: true })
    const again = await api.must(200, 'POST', path, { body: { slackUserId: 'U_BO', email: 'bo@example.com' } })
    expect(again.body.linked).toBe(false)
    const bySlack = await api.must(200, 'POST', path, { body: { slackUserId: 'U_BO' } })
    expect(bySlack.body).toEqual({ userId: 'res_bo', displayName: 'Bo', slackUserId: 'U_BO', linked: false })
    const linked = await api.must(200, 'GET', `/v1/orgs/${orgId}/audit-events?type=user.slack_linked`, {
      actor: 'ana',
    })
    // The admin key linked them: no acting user, so the audit names the key.
    expect(linked.body.events).toMatchObject([{ actor: 'operator:admin', subject: 'res_bo' }])
  })

  test('?dryRun=true answers the link it would store, and stores nothing', async () => {
    const orgId = await setup()
    await api.must(201, 'POST', `/v1/orgs/${orgId}/invitations`, {
      actor: 'ana',
      body: { user: { id: 'res_dry', displayName: 'Dry', email: 'dry@example.com' } },
    })
    const path = `/v1/orgs/${orgId}/slack/users/resolve`
    const body = { slackUserId: 'U_DRY', email: 'dry@example.com' }
    const before = await api.writes()
    const dry = await api.must(200, 'POST', `${path}?dryRun=true`, { body })
    expect(dry.body).toEqual({ userId: 'res_dry', displayName: 'Dry', slackUserId: 'U_DRY', linked: true })
    expect(await api.writes()).toEqual(before)
    expectProblem(await api.call('POST', path, { body: { slackUserId: 'U_DRY' } }), 404, 'NOT_FOUND')
    expect((await api.must(200, 'POST', path, { body })).body).toEqual(dry.body)
  })

  test('nobody matching is NOT_FOUND and nothing is written', async () => {
    const orgId = await setup()
    const before = await api.writes()
    const res = await api.call('POST', `/v1/orgs/${orgId}/slack/users/resolve`, {
      body: { slackUserId: 'U_NEW', email: 'stranger@example.com' },
    })
    expectProblem(res, 404, 'NOT_FOUND')
    expect(await api.writes()).toEqual(before)
  })

  test('a body with neither field is VALIDATION_FAILED', async () => {
    const orgId = await setup()
    expectProblem(
      await api.call('POST', `/v1/orgs/${orgId}/slack/users/resolve`, { body: {} }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('POST /v1/orgs/{orgId}/slack/users/lookup', () => {
  test("answers the org's people with their Slack ids and leaves strangers out", async () => {
    const orgId = await api.createOrg('teamroom', 'ana')
    await api.join(orgId, 'look_bo', 'ana')
    const res = await api.must(200, 'POST', `/v1/orgs/${orgId}/slack/users/lookup`, {
      body: { userIds: ['ana', 'look_bo', 'nobody'] },
    })
    expect(res.body.users).toEqual(
      expect.arrayContaining([
        { userId: 'ana', displayName: 'ANA', slackUserId: null },
        { userId: 'look_bo', displayName: 'LOOK_BO', slackUserId: null },
      ]),
    )
    expect(res.body.users).toHaveLength(2)
  })
})
