import { describe, expect, test } from 'vitest'
import { createApp } from '../../src/app.js'
import { ADMIN_KEY, bearer, testDeps } from '../fixtures.js'
import { useApi } from './harness.js'

const api = useApi()

describe('org states a process keeps after its own writes', () => {
  test('roles, checks and denials answer exactly as a process that loads the org afresh', async () => {
    const org = await api.createOrg()
    const members = ['zed', 'amy', 'Bo', 'cy-2', 'cy_1']
    for (const user of members) await api.join(org, user, 'ana')
    // Grants in no particular order, a revocation, a grant of a held role and a revocation of an unheld one.
    for (const user of members) await api.grant(org, 'authorized_buyer', user, 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${org}/roles/authorized_buyer/holders/amy`, { actor: 'ana' })
    await api.grant(org, 'authorized_buyer', 'zed', 'ana')
    await api.must(200, 'DELETE', `/v1/orgs/${org}/roles/admin/holders/amy`, { actor: 'ana' })
    await api.grant(org, 'admin', 'cy_1', 'ana')

    // A second app on the same database starts with an empty cache, so it reads everything from storage.
    const fresh = createApp(testDeps({ db: api.db }))
    const ask = async (call: (path: string, init: RequestInit) => Promise<Response>, path: string, body?: unknown) => {
      const headers = { ...bearer(ADMIN_KEY), 'X-Rolecall-Actor': 'ana', 'Content-Type': 'application/json' }
      const res = await call(
        path,
        body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) },
      )
      return { status: res.status, body: await res.json() }
    }
    const here = (path: string, init: RequestInit) => fetch(`${api.url}${path}`, init)
    const there = async (path: string, init: RequestInit) => fresh.request(path, init)

    const checks = [...members, 'ana', 'stranger'].flatMap((principal) => [
      { principal, action: 'licenses.purchase' },
      { principal, action: 'members.invite' },
    ])
    for (const [path, body] of [
      [`/v1/orgs/${org}/roles`, undefined],
      [`/v1/orgs/${org}/check/batch`, { checks }],
    ] as const) {
      const cached = await ask(here, path, body)
      expect(cached.status).toBe(200)
      expect(cached).toEqual(await ask(there, path, body))
    }
  })
})
