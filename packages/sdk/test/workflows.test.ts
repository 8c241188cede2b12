import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isRolecallError } from '../src/index.js'
import { type Api, collect, join, newOrg, startApi } from './support/api.js'

let api: Api
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('anonymization', () => {
  test('removal opens a case; an approver lists, reads links, sets and clears a reminder, and approves', async () => {
    const orgId = await newOrg(api)
    const ana = api.client({ actor: 'ana' })
    await join(api, orgId, 'zed')
    const removed = await ana.members.remove(orgId, 'zed')
    const caseId = removed.caseId ?? ''

    expect(await ana.anonymization.list(orgId, { status: 'open' })).toEqual({
      cases: [expect.objectContaining({ id: caseId, subject: 'zed', status: 'open', required: 1, approvals: [] })],
      next: null,
    })
    const links = await ana.anonymization.links(orgId, caseId)
    expect(links.groups.find((g) => g.kind === 'invitations')?.count).toBe(1)

    const at = new Date(Date.now() + 3_600_000)
    await ana.anonymization.setReminder(orgId, caseId, at)
    expect((await ana.anonymization.get(orgId, caseId)).reminderAt).toBe(at.toISOString())
    await ana.anonymization.clearReminder(orgId, caseId)
    expect((await ana.anonymization.get(orgId, caseId)).reminderAt).toBeNull()

    const dry = await ana.anonymization.approve(orgId, caseId, { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, changed: true })
    const approved = await ana.anonymization.approve(orgId, caseId)
    expect(approved.effects.map((e) => e.kind)).toEqual(['case.approved', 'user.anonymized'])
    expect((await ana.anonymization.get(orgId, caseId)).status).toBe('anonymized')
  })

  test('a closed case throws a RolecallError with CASE_CLOSED', async () => {
    const orgId = await newOrg(api)
    const ana = api.client({ actor: 'ana' })
    await join(api, orgId, 'zed')
    const caseId = (await ana.members.remove(orgId, 'zed')).caseId ?? ''
    await ana.anonymization.approve(orgId, caseId)
    const error = await ana.anonymization.approve(orgId, caseId).catch((e: unknown) => e)
    expect(isRolecallError(error) && error.code).toBe('CASE_CLOSED')
  })

  test('list pages newest first by cursor, and iterate walks every page', async () => {
    const orgId = await newOrg(api)
    const ana = api.client({ actor: 'ana' })
    for (const user of ['m1', 'm2', 'm3']) {
      await join(api, orgId, user)
      await ana.members.remove(orgId, user)
    }
    const first = await ana.anonymization.list(orgId, { limit: 2 })
    expect(first.cases.map((c) => c.subject)).toEqual(['m3', 'm2'])
    const second = await ana.anonymization.list(orgId, { limit: 2, cursor: first.next ?? '' })
    expect({ subjects: second.cases.map((c) => c.subject), next: second.next }).toEqual({
      subjects: ['m1'],
      next: null,
    })

    const all = await collect(ana.anonymization.iterate(orgId, { status: 'open', limit: 1 }))
    expect(all.map((c) => c.subject)).toEqual(['m3', 'm2', 'm1'])
  })

  test('a cursor the API did not hand out throws a RolecallError with VALIDATION_FAILED', async () => {
    const orgId = await newOrg(api)
    const error = await api
      .client({ actor: 'ana' })
      .anonymization.list(orgId, { cursor: 'not-a-case' })
      .catch((e: unknown) => e)
    expect(isRolecallError(error) && error.code).toBe('VALIDATION_FAILED')
  })
})

describe('contexts', () => {
  test('put registers a workspace, assign gives a member access, list shows what the actor sees', async () => {
    const orgId = await newOrg(api, 'org-admin', 'ada')
    await join(api, orgId, 'ben', 'ada')
    const ada = api.client({ actor: 'ada' })
    await ada.contexts.put(orgId, 'workspace:sales', { kind: 'workspace', name: 'Sales' })
    await ada.contexts.put(orgId, 'workspace:ops', { kind: 'workspace', name: 'Ops' })
    const assigned = await ada.contexts.assign(orgId, 'ben', { add: ['workspace:sales'] })
    expect(assigned.effects).toEqual([{ kind: 'context.assigned', principal: 'ben', context: 'workspace:sales' }])
    expect((await ada.contexts.list(orgId)).contexts.map((c) => c.id)).toEqual(['workspace:ops', 'workspace:sales'])
    expect(await ada.as('ben').contexts.list(orgId)).toEqual({
      contexts: [expect.objectContaining({ id: 'workspace:sales', name: 'Sales', access: true })],
      next: null,
    })
  })

  test('list pages by id with a cursor, and iterate walks every page', async () => {
    const orgId = await newOrg(api, 'org-admin', 'ada')
    const ada = api.client({ actor: 'ada' })
    for (const id of ['workspace:c', 'workspace:a', 'workspace:b']) {
      await ada.contexts.put(orgId, id, { kind: 'workspace', name: id })
    }
    const first = await ada.contexts.list(orgId, { limit: 2 })
    expect(first.contexts.map((c) => c.id)).toEqual(['workspace:a', 'workspace:b'])
    const second = await ada.contexts.list(orgId, { limit: 2, cursor: first.next ?? '' })
    expect({ ids: second.contexts.map((c) => c.id), next: second.next }).toEqual({ ids: ['workspace:c'], next: null })

    const all = await collect(ada.contexts.iterate(orgId, { limit: 1 }))
    expect(all.map((c) => c.id)).toEqual(['workspace:a', 'workspace:b', 'workspace:c'])
  })
})

describe('models', () => {
  test('validate lists every problem; switch refuses a model the holders break and applies one they fit', async () => {
    const admin = api.client()
    const [preset] = (await admin.models.list()).models
    expect(await admin.models.validate(preset ?? {})).toMatchObject({ ok: true, errors: [] })
    expect((await admin.models.validate({ id: 'x' })).ok).toBe(false)

    const orgId = await newOrg(api)
    const ana = admin.as('ana')
    const refused = await ana.models.switch(orgId, { model: 'org-admin' }).catch((e: unknown) => e)
    expect(isRolecallError(refused) && refused.code).toBe('CONFLICT')
    expect(isRolecallError(refused) && refused.problem.violations).toEqual(
      expect.arrayContaining([{ code: 'UNKNOWN_ROLE', role: 'owner', principal: 'ana' }]),
    )
    const dry = await ana.models.switch(orgId, { model: 'workspace' }, { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, changed: true, from: 'teamroom', to: 'workspace' })
    await ana.models.switch(orgId, { model: 'workspace' })
    expect((await admin.models.ofOrg(orgId)).id).toBe('workspace')
  })
})
