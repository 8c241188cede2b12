import { teamroom } from '@rolecall/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Api, startApi } from '../http/harness.js'
import { documentsWhyPostgres, postgresUrl } from './postgres-only.js'

const TRIALS = 20

documentsWhyPostgres()

describe.runIf(postgresUrl)('anonymization approvals racing (PostgreSQL, over HTTP)', () => {
  let api: Api
  beforeAll(async () => {
    api = await startApi()
  }, 120_000)
  afterAll(() => api?.close())

  // Four-eyes with one approval in: two approvers sending the last one at once must anonymize once,
  // and the loser must see the closed case, never a second `user.anonymized` or a 500.
  test('the last approval wins once; the other is CASE_CLOSED', { timeout: 180_000 }, async () => {
    const customModel = { ...teamroom, id: 'teamroom-four-eyes', anonymization: { approvalsRequired: 2 } }
    for (let n = 0; n < TRIALS; n++) {
      const org = await api.createOrg('custom', 'ana', { customModel })
      for (const user of ['bo', 'cora', 'zed']) await api.join(org, user, 'ana')
      await api.grant(org, 'co_owner', 'bo', 'ana')
      await api.grant(org, 'compliance_manager', 'cora', 'ana')
      const removed = await api.must(200, 'DELETE', `/v1/orgs/${org}/members/zed`, { actor: 'ana' })
      const path = `/v1/orgs/${org}/anonymization-cases/${removed.body.caseId}/approvals`
      await api.must(200, 'POST', path, { actor: 'cora' })

      const answers = await Promise.all(['ana', 'bo'].map((actor) => api.call('POST', path, { actor })))
      const statuses = answers.map((a) => a.status).sort()
      expect(statuses, `trial ${n}`).toEqual([200, 409])
      expect(answers.find((a) => a.status === 409)?.body.code).toBe('CASE_CLOSED')
      const anonymized = await api.auditTypes(org, 'ana')
      expect(anonymized.filter((t) => t === 'user.anonymized')).toHaveLength(1)
    }
  })
})
