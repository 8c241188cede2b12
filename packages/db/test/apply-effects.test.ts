import type { Effect, EffectKind } from '@rolecall/core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  applyEffects,
  type DatabaseHandle,
  getOrg,
  isUniqueViolation,
  loadOrgSnapshot,
  StorageError,
} from '../src/index.js'
import { createTestDatabase } from '../src/testing.js'
import {
  activate,
  assign,
  createContext,
  grant,
  invite,
  meta,
  openCase,
  requestTransfer,
  revoke,
  seedOrg,
  terminate,
  unassign,
} from './fixtures.js'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const apply = (orgId: string, effects: Effect[]) =>
  handle.db.transaction().execute((trx) => applyEffects(trx, orgId, effects, meta))

describe('applyEffects', () => {
  test('a round trip through every effect kind loads back as the expected snapshot', async () => {
    await seedOrg(handle.db, 'round-trip')
    const first = await apply('round-trip', [
      invite('bo', ['admin']),
      activate('bo'),
      grant('admin', 'bo'),
      invite('cy'),
      activate('cy'),
      grant('co_owner', 'cy'),
      grant('admin', 'cy', 'team-a'),
      createContext('team-a', 'team'),
      createContext('folder-x', 'folder'),
      assign('bo', 'team-a'),
      assign('cy', 'team-a'),
      assign('cy', 'folder-x'),
      activate('dee'),
      assign('dee', 'folder-x'),
      requestTransfer('ana', 'bo'),
      openCase('dee'),
    ])
    const transferId = first.ids.transferId ?? ''
    const caseId = first.ids.caseId ?? ''
    await apply('round-trip', [
      revoke('co_owner', 'cy'),
      unassign('cy', 'folder-x'),
      terminate('dee'),
      { kind: 'case.approved', caseId, approver: 'ana', approvals: 1, required: 1 },
      { kind: 'case.reminder_set', caseId, at: '2026-03-02T12:00:00.000Z' },
      { kind: 'transfer.declined', transferId },
      requestTransfer('ana', 'cy'),
    ])
    const last = await apply('round-trip', [{ kind: 'user.anonymized', principal: 'dee', caseId }])

    const snapshot = await handle.db.transaction().execute((trx) => loadOrgSnapshot(trx, 'round-trip'))
    expect(last.version).toBe(4)
    expect(snapshot).toEqual({
      id: 'round-trip',
      name: 'Org round-trip',
      features: { slack: true },
      quotas: { teams: 5 },
      usage: { teams: 1, folders: 1 },
      members: [
        { principal: 'ana', status: 'active' },
        { principal: 'bo', status: 'active' },
        { principal: 'cy', status: 'active' },
        { principal: 'dee', status: 'terminated' },
      ],
      assignments: [
        { role: 'admin', principal: 'bo', context: null },
        { role: 'admin', principal: 'cy', context: 'team-a' },
        { role: 'owner', principal: 'ana', context: null },
      ],
      contextAssignments: [
        { principal: 'bo', context: 'team-a' },
        { principal: 'cy', context: 'team-a' },
      ],
      transfers: [
        {
          id: expect.any(String),
          role: 'owner',
          from: 'ana',
          to: 'cy',
          status: 'open',
          expiresAt: '2026-03-08T12:00:00.000Z',
          formerHolder: 'default',
        },
      ],
      cases: [],
    })
  })

  // Every kind is listed (the Record type enforces it) with the principal its audit event is about.
  const subjects: Record<EffectKind, string | null> = {
    'role.granted': 'bo',
    'role.revoked': 'bo',
    'transfer.requested': 'bo',
    'transfer.accepted': 'bo',
    'transfer.declined': 'cy',
    'transfer.cancelled': 'dee',
    'transfer.voided': 'bo',
    'member.invited': 'bo',
    'member.activated': 'bo',
    'member.terminated': 'dee',
    'context.assigned': 'bo',
    'context.unassigned': 'bo',
    'context.created': null,
    'case.opened': 'dee',
    'case.approved': 'dee',
    'case.reminder_set': 'dee',
    'case.reminder_cleared': 'dee',
    'user.anonymized': 'dee',
  }

  test('every effect writes exactly one audit event about its subject and the version rises once per call', async () => {
    const orgId = 'audit'
    const { org } = await seedOrg(handle.db, orgId)
    const seen = new Map<string, string | null>()
    const run = async (effects: (ids: Record<string, string>) => Effect[], ids: Record<string, string> = {}) => {
      const before = (await getOrg(handle.db, orgId))?.version ?? 0
      const list = effects(ids)
      const result = await apply(orgId, list)
      expect(result.version).toBe(before + 1)
      expect(result.events.map((e) => e.type)).toEqual(list.map((e) => e.kind))
      expect(result.events.every((e) => e.actor === 'ana' && e.request_id === 'req-1' && e.org_id === orgId)).toBe(true)
      for (const event of result.events) if (!seen.has(event.type)) seen.set(event.type, event.subject)
      return result
    }
    expect(org.version).toBe(1)
    await run(() => [invite('bo'), activate('bo'), grant('admin', 'bo'), revoke('admin', 'bo'), activate('dee')])
    await run(() => [createContext('t', 'team'), assign('bo', 't'), unassign('bo', 't')])
    const t1 = await run(() => [requestTransfer('ana', 'bo')])
    await run(() => [
      { kind: 'transfer.accepted', transferId: t1.ids.transferId ?? '', role: 'owner', from: 'ana', to: 'bo' },
    ])
    const t2 = await run(() => [requestTransfer('bo', 'cy')])
    await run(() => [{ kind: 'transfer.declined', transferId: t2.ids.transferId ?? '' }])
    const t3 = await run(() => [requestTransfer('bo', 'dee')])
    await run(() => [{ kind: 'transfer.cancelled', transferId: t3.ids.transferId ?? '' }])
    const t4 = await run(() => [requestTransfer('ana', 'bo')])
    await run(() => [{ kind: 'transfer.voided', transferId: t4.ids.transferId ?? '', reason: 'recipient_left' }])
    const opened = await run(() => [openCase('dee')])
    const caseId = opened.ids.caseId ?? ''
    expect(opened.events[0]?.data).toEqual({ kind: 'case.opened', subject: 'dee', caseId })
    await run(() => [
      { kind: 'case.approved', caseId, approver: 'ana', approvals: 1, required: 1 },
      { kind: 'case.reminder_set', caseId, at: '2026-03-05T00:00:00.000Z' },
      { kind: 'case.reminder_cleared', caseId },
      terminate('dee'),
      { kind: 'user.anonymized', principal: 'dee', caseId },
    ])
    expect(Object.fromEntries(seen)).toEqual(subjects)
  })

  test('no effects write nothing and leave the version', async () => {
    await seedOrg(handle.db, 'empty')
    expect(await apply('empty', [])).toEqual({ version: 1, ids: {}, events: [] })
  })

  test('a transaction that throws after applyEffects leaves nothing written', async () => {
    await seedOrg(handle.db, 'rollback')
    const failing = handle.db.transaction().execute(async (trx) => {
      await applyEffects(trx, 'rollback', [grant('admin', 'bo'), createContext('t', 'team'), openCase('dee')], meta)
      throw new Error('the response could not be sent')
    })
    await expect(failing).rejects.toThrow('the response could not be sent')
    const snapshot = await loadOrgSnapshot(handle.db, 'rollback')
    expect(snapshot?.assignments).toEqual([{ role: 'owner', principal: 'ana', context: null }])
    expect(snapshot?.cases).toEqual([])
    expect(snapshot?.usage).toEqual({})
    expect((await getOrg(handle.db, 'rollback'))?.version).toBe(1)
    const events = await handle.db.selectFrom('audit_events').select('type').where('org_id', '=', 'rollback').execute()
    expect(events).toHaveLength(2) // the founding only
  })

  test('outbox events given are written with the change, and only when it commits', async () => {
    await seedOrg(handle.db, 'outbox')
    const event = {
      event_id: 'evt_outbox_test',
      org_id: 'outbox',
      type: 'role.granted',
      at: meta.at,
      actor: 'ana',
      subject: 'bo',
      recipients: JSON.stringify(['ana']),
      data: JSON.stringify({ role: 'admin', context: null }),
    }
    const written = () =>
      handle.db.selectFrom('outbox_events').select(['event_id', 'subject']).where('org_id', '=', 'outbox').execute()
    const failing = handle.db.transaction().execute(async (trx) => {
      await applyEffects(trx, 'outbox', [grant('admin', 'bo')], meta, { outbox: [event] })
      throw new Error('rolled back')
    })
    await expect(failing).rejects.toThrow('rolled back')
    expect(await written()).toEqual([])
    await handle.db
      .transaction()
      .execute((trx) => applyEffects(trx, 'outbox', [grant('admin', 'bo')], meta, { outbox: [event] }))
    expect(await written()).toEqual([{ event_id: 'evt_outbox_test', subject: 'bo' }])
  })

  test('an org holds at most one open transfer', async () => {
    await seedOrg(handle.db, 'one-open')
    await apply('one-open', [requestTransfer('ana', 'bo')])
    const second = apply('one-open', [requestTransfer('ana', 'cy')])
    await expect(second).rejects.toSatisfy(isUniqueViolation)
  })

  test('granting twice keeps one assignment', async () => {
    await seedOrg(handle.db, 'twice')
    await apply('twice', [grant('owner', 'ana')])
    expect((await loadOrgSnapshot(handle.db, 'twice'))?.assignments).toHaveLength(1)
  })

  const missing: [string, Effect][] = [
    ['a transfer that is not open', { kind: 'transfer.cancelled', transferId: 'nope' }],
    ['a case that is not open', { kind: 'case.reminder_set', caseId: 'nope', at: '2026-03-05T00:00:00.000Z' }],
    ['a member who never joined', terminate('nobody')],
  ]
  for (const [name, effect] of missing) {
    test(`an effect on ${name} throws EFFECT_TARGET_MISSING`, async () => {
      await seedOrg(handle.db, `missing-${effect.kind}`)
      const result = apply(`missing-${effect.kind}`, [effect])
      await expect(result).rejects.toBeInstanceOf(StorageError)
      await expect(result).rejects.toMatchObject({ code: 'EFFECT_TARGET_MISSING' })
    })
  }

  test('an unknown org throws ORG_NOT_FOUND', async () => {
    await expect(apply('no-such-org', [grant('admin', 'bo')])).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' })
  })
})

describe('audit_events', () => {
  test('rejects updates and deletes', async () => {
    await seedOrg(handle.db, 'append-only')
    await expect(handle.db.updateTable('audit_events').set({ actor: 'mallory' }).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(handle.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/)
  })
})
