import { randomUUID } from 'node:crypto'
import { createDatabase } from '@rolecall/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { captureLogs, listen, testDeps } from '../fixtures.js'
import { type Call, type CallOptions, callerOf, useApi } from './harness.js'

const api = useApi()
const logs = captureLogs()
let call: Call
let close = async () => {}

beforeAll(async () => {
  // The API again on the same database, announcing its changes on a server that is down (nothing listens
  // on port 1): every announcement fails, after its write committed.
  const down = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/down' })
  const server = await listen(testDeps({ db: api.db, logger: logs.logger, announceOn: down.db }))
  call = callerOf(server.url)
  close = async () => {
    await server.close()
    await down.close()
  }
})
afterAll(() => close())

type Request = [method: string, path: string, options: CallOptions]

// One write of each kind that announces: through mutate (locked, and compare-and-set) and the routes that write themselves.
const writes: [name: string, request: (org: string) => Request, status: number][] = [
  [
    'an invitation',
    (org) => [
      'POST',
      `/v1/orgs/${org}/invitations`,
      { actor: 'ana', body: { user: { id: 'cy', displayName: 'Cy', email: 'cy@after.example' } } },
    ],
    201,
  ],
  ['a role grant', (org) => ['PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' }], 200],
  ['an org update', (org) => ['PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { name: 'Renamed' } }], 200],
  ['a model switch', (org) => ['PUT', `/v1/orgs/${org}/model`, { actor: 'ana', body: { model: 'workspace' } }], 200],
  [
    'a context registration',
    (org) => [
      'PUT',
      `/v1/orgs/${org}/contexts/workspace:sales`,
      { actor: 'ana', body: { kind: 'workspace', name: 'S' } },
    ],
    200,
  ],
]

describe('a write whose announcement fails after commit', () => {
  for (const [name, request, status] of writes) {
    test(`${name} still answers with what it committed, once, and logs the failure without PII`, async () => {
      const org = await api.createOrg('teamroom', 'ana')
      await api.join(org, 'bo', 'ana')
      const [method, path, options] = request(org)
      const key = { 'Idempotency-Key': randomUUID() }
      const before = await api.writes()
      const res = await call(method, path, { ...options, headers: key })
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      const after = await api.writes()
      expect(after.versions[org]).toBe((before.versions[org] ?? 0) + 1)
      // The answer was stored: a retry gets it again and writes nothing more.
      const retry = await call(method, path, { ...options, headers: key })
      expect({ status: retry.status, replayed: retry.headers.get('idempotent-replayed') }).toEqual({
        status,
        replayed: 'true',
      })
      expect(await api.writes()).toEqual(after)
      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: 'a committed change was not announced to other processes',
          orgId: org,
          version: after.versions[org],
        }),
      )
      expect(JSON.stringify(logs.lines)).not.toMatch(/after\.example|rc_admin/)
    })
  }
})
