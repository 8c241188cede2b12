import { IDEMPOTENCY_CLAIM_MS, startClaimHolder } from '@rolecall/db'
import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { workflowsFor } from '../support/with-workflows.js'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

const withKey = (key: string) => ({ 'Idempotency-Key': key })
const replayed = (res: { headers: Headers }) => res.headers.get('idempotent-replayed')

/** A teamroom org owned by ana, with bo and cy as plain members. */
async function teamroom() {
  const org = await api.createOrg('teamroom', 'ana')
  await api.join(org, 'bo', 'ana')
  await api.join(org, 'cy', 'ana')
  return org
}

/** Whether a key is stored, in any state. */
const isStored = async (key: string) =>
  (await api.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).executeTakeFirst()) !== undefined

/** How many role.granted events name `subject`. */
const grantsTo = async (org: string, subject: string) =>
  (await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=${subject}`, { actor: 'ana' }))
    .body.events.length

describe('Idempotency-Key on mutations', () => {
  test('a retry with the same key and request replays the first response; the role is granted once', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const first = await api.call('PUT', path, { actor: 'ana', headers: withKey('grant-bo-admin') })
    expect(first.status).toBe(200)
    expect(first.body.changed).toBe(true)
    expect(replayed(first)).toBeNull()
    const afterFirst = await api.writes()
    const retry = await api.call('PUT', path, { actor: 'ana', headers: withKey('grant-bo-admin') })
    expect(retry.status).toBe(200)
    expect(replayed(retry)).toBe('true')
    expect(retry.headers.get('content-type')).toMatch(/^application\/json/)
    expect(retry.body).toEqual(first.body)
    expect(await api.writes()).toEqual(afterFirst)
    expect((await api.holders(org, 'ana')).admin).toEqual(['bo'])
    const grants = await api.call('GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=bo`, { actor: 'ana' })
    expect(grants.body.events).toHaveLength(1)
  })

  test('a retried invitation replays the same invitation id and invites once', async () => {
    const org = await teamroom()
    const request = { actor: 'ana', body: { user: { id: 'dan', displayName: 'Dan' } }, headers: withKey('invite-dan') }
    const first = await api.call('POST', `/v1/orgs/${org}/invitations`, request)
    expect(first.status).toBe(201)
    const retry = await api.call('POST', `/v1/orgs/${org}/invitations`, request)
    expect(retry.status).toBe(201)
    expect(replayed(retry)).toBe('true')
    expect(retry.body.invitationId).toBe(first.body.invitationId)
    const invited = await api.call('GET', `/v1/orgs/${org}/audit-events?type=member.invited&subject=dan`, {
      actor: 'ana',
    })
    expect(invited.body.events).toHaveLength(1)
  })

  test('a retry sent while the first is still running grants once: replayed, or 409 to retry later', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const send = () => api.call('PUT', path, { actor: 'ana', headers: withKey('racing') })
    const answers = await Promise.all([send(), send(), send()])
    const first = answers.filter((a) => a.status === 200 && replayed(a) === null)
    expect(first).toHaveLength(1)
    for (const other of answers.filter((a) => !first.includes(a))) {
      if (other.status === 409) expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      else expect(other).toMatchObject({ status: 200, body: first[0]?.body })
    }
    const grants = await api.call('GET', `/v1/orgs/${org}/audit-events?type=role.granted&subject=bo`, { actor: 'ana' })
    expect(grants.body.events).toHaveLength(1)
  })

  test('a denial is replayed as the same problem', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/cy`
    const first = await api.call('PUT', path, { actor: 'bo', headers: withKey('bo-tries') })
    expectProblem(first, 403, 'NOT_AUTHORIZED')
    const retry = await api.call('PUT', path, { actor: 'bo', headers: withKey('bo-tries') })
    expectProblem(retry, 403, 'NOT_AUTHORIZED')
    expect(replayed(retry)).toBe('true')
    expect(retry.body).toEqual(first.body)
  })

  test('the same key with a different body is IDEMPOTENCY_MISMATCH and nothing is written', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/invitations`
    const first = await api.call('POST', path, {
      actor: 'ana',
      body: { user: { id: 'dan', displayName: 'Dan' } },
      headers: withKey('invite-once'),
    })
    expect(first.status).toBe(201)
    const before = await api.writes()
    const other = await api.call('POST', path, {
      actor: 'ana',
      body: { user: { id: 'eve', displayName: 'Eve' } },
      headers: withKey('invite-once'),
    })
    expectProblem(other, 422, 'IDEMPOTENCY_MISMATCH')
    expect(await api.writes()).toEqual(before)
  })

  test('the same key on another route or as another actor is IDEMPOTENCY_MISMATCH', async () => {
    const org = await teamroom()
    await api.must(200, 'PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana', headers: withKey('k-route') })
    const otherRoute = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, {
      actor: 'ana',
      headers: withKey('k-route'),
    })
    expectProblem(otherRoute, 422, 'IDEMPOTENCY_MISMATCH')
    const otherActor = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'bo',
      headers: withKey('k-route'),
    })
    expectProblem(otherActor, 422, 'IDEMPOTENCY_MISMATCH')
  })

  test('keys are per API key: the same key under another API key is a request of its own', async () => {
    const org = await teamroom()
    const admin = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'ana',
      headers: withKey('shared-key'),
    })
    expect(admin.status).toBe(200)
    const service = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, {
      key: 'rc_key_any_org',
      actor: 'ana',
      headers: withKey('shared-key'),
    })
    expect(service.status).toBe(200)
    expect(replayed(service)).toBeNull()
    expect(service.body.effects).toEqual([expect.objectContaining({ role: 'admin', principal: 'cy' })])
    expect((await api.holders(org, 'ana')).admin).toEqual(['bo', 'cy'])
  })

  test('a key longer than 255 characters is VALIDATION_FAILED and nothing is written', async () => {
    const org = await teamroom()
    const before = await api.writes()
    const res = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, {
      actor: 'ana',
      headers: withKey('k'.repeat(256)),
    })
    expectProblem(res, 400, 'VALIDATION_FAILED')
    expect(await api.writes()).toEqual(before)
  })

  test('reads ignore the header', async () => {
    const org = await teamroom()
    const first = await api.call('GET', `/v1/orgs/${org}`, { headers: withKey('read-key') })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, { actor: 'ana', body: { name: 'Renamed' } })
    const second = await api.call('GET', `/v1/orgs/${org}`, { headers: withKey('read-key') })
    expect(replayed(second)).toBeNull()
    expect(second.body.name).toBe('Renamed')
    expect(first.body.name).not.toBe('Renamed')
  })
  test('a check sent again with its key answers from the current state, not the first answer', async () => {
    const org = await teamroom()
    await api.must(200, 'PUT', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' })
    const check = { body: { principal: 'bo', action: 'members.invite' }, headers: withKey('check-bo') }
    const first = await api.must(200, 'POST', `/v1/orgs/${org}/check`, check)
    expect(first.body.allowed).toBe(true)
    await api.must(200, 'DELETE', `/v1/orgs/${org}/roles/admin/holders/bo`, { actor: 'ana' })
    const again = await api.must(200, 'POST', `/v1/orgs/${org}/check`, check)
    expect(replayed(again)).toBeNull()
    expect(again.body.allowed).toBe(false)
    expect(await isStored('check-bo')).toBe(false)
  })

  test('every operation that does not take the header ignores it, so a key is never stored for it', async () => {
    const org = await teamroom()
    const doc = (await api.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>
    }
    const keyless = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .filter(
          ([, op]) => !op.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    )
    expect(keyless.sort()).toEqual([
      'POST /v1/models/validate',
      'POST /v1/orgs/{orgId}/check',
      'POST /v1/orgs/{orgId}/check/batch',
      'POST /v1/orgs/{orgId}/slack/users/lookup',
    ])
    for (const [n, route] of keyless.entries()) {
      const [method, path] = route.split(' ') as [string, string]
      const key = `keyless-${n}`
      const url = path.replace('{orgId}', org)
      // Two different bodies under one key: a stored key would make the second IDEMPOTENCY_MISMATCH.
      for (const body of [{ a: 1 }, { b: 2 }]) {
        const res = await api.call(method, url, { actor: 'ana', body, headers: withKey(key) })
        expect(res.body?.code ?? 'none', route).not.toMatch(/^IDEMPOTENCY_/)
        expect(replayed(res), route).toBeNull()
      }
      expect(await isStored(key), route).toBe(false)
    }
  })

  // The middleware keeps a key only for a route that declares it; a path no route serves declares nothing.
  test('a key sent where no route serves is not kept', async () => {
    for (const body of [{ a: 1 }, { b: 2 }]) {
      const res = await api.call('POST', '/v1/no-such-route', { body, headers: withKey('nowhere') })
      expectProblem(res, 404, 'NOT_FOUND')
      expect(replayed(res)).toBeNull()
    }
    expect(await isStored('nowhere')).toBe(false)
  })

  test('a replay answers with the first Rolecall-Consistency and Content-Type, and with its own request id', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const send = (requestId: string) =>
      api.call('PUT', path, { actor: 'ana', headers: { ...withKey('grant-with-headers'), 'X-Request-Id': requestId } })
    const first = await send('first-attempt')
    const version = first.headers.get('rolecall-consistency')
    expect(version).toBe(String(first.body.consistency))
    // Another write moves the org on: the replay still names the version the first request wrote.
    await api.grant(org, 'admin', 'cy', 'ana')
    const retry = await send('second-attempt')
    expect(replayed(retry)).toBe('true')
    expect(retry.headers.get('rolecall-consistency')).toBe(version)
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(retry.headers.get('x-request-id')).toBe('second-attempt')
    expect(retry.body).toEqual(first.body)
  })

  test('a problem is replayed with its own content type', async () => {
    const org = await teamroom()
    const request = { actor: 'bo', headers: withKey('bo-tries-again') }
    const first = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, request)
    const retry = await api.call('PUT', `/v1/orgs/${org}/roles/admin/holders/cy`, request)
    expect(replayed(retry)).toBe('true')
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(retry.headers.get('rolecall-consistency')).toBeNull()
  })

  /**
   * Sets a key back to running, claimed at `claimedAt` by the process holding `holder` (none: an older
   * process): as if that process had died after its commit, with the applied mark that commit left, or
   * before it ('nothing applied').
   */
  const abandon = (key: string, claimedAt: Date, applied: 'as committed' | 'nothing applied', holder?: number) =>
    api.db
      .updateTable('idempotency_keys')
      .set({
        status: 'running',
        response_status: null,
        response_body: null,
        created_at: claimedAt,
        holder: holder ?? null,
        ...(applied === 'nothing applied' ? { applied_at: null, applied_version: null } : {}),
      })
      .where('key', '=', key)
      .execute()
  const withinClaim = () => new Date(Date.now() - IDEMPOTENCY_CLAIM_MS + 60_000)
  const pastClaim = () => new Date(Date.now() - IDEMPOTENCY_CLAIM_MS - 1000)

  // Pins the bounded claim: a process that died mid-request left a running claim that answered 409 for
  // the key's whole 24 hours.
  test('a claim left running past IDEMPOTENCY_CLAIM_MS with nothing applied is taken over, and runs on the current state', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/bo`
    const request = { actor: 'ana', headers: withKey('died-mid-request') }
    await api.must(200, 'PUT', path, request)
    await abandon('died-mid-request', withinClaim(), 'nothing applied')
    expectProblem(await api.call('PUT', path, request), 409, 'IDEMPOTENCY_IN_PROGRESS')
    await abandon('died-mid-request', pastClaim(), 'nothing applied')
    const retry = await api.call('PUT', path, request)
    expect(retry.status).toBe(200)
    expect(replayed(retry)).toBeNull()
    // The grant is held: the retry finds it so, and grants nothing twice.
    expect(retry.body.changed).toBe(false)
    expect(await grantsTo(org, 'bo')).toBe(1)
    const again = await api.call('PUT', path, request)
    expect(replayed(again)).toBe('true')
    expect(again.body).toEqual(retry.body)
  })

  // Pins the fix for a process dying between COMMIT and storing the response: five minutes later, a
  // retry ran the request again, and a creation (an org, an invitation) was made twice.
  test('a creation whose process died after its commit is not made again: retries get IDEMPOTENCY_RESPONSE_LOST', async () => {
    const request = {
      body: { name: 'Retried Org', model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
      headers: withKey('create-org-then-die'),
    }
    const first = await api.must(201, 'POST', '/v1/orgs', request)
    await abandon('create-org-then-die', withinClaim(), 'as committed')
    expectProblem(await api.call('POST', '/v1/orgs', request), 409, 'IDEMPOTENCY_IN_PROGRESS')
    await abandon('create-org-then-die', pastClaim(), 'as committed')
    const before = await api.writes()
    for (let retry = 0; retry < 2; retry++) {
      const lost = await api.call('POST', '/v1/orgs', request)
      expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
      expect(lost.body.consistency).toBe(first.body.consistency)
      expect(lost.body.detail).toMatch(/was applied at \d{4}-\d\d-\d\dT.* \(to [^)]+\)/)
      expect(lost.body.detail).toContain(first.body.id)
    }
    expect(await api.writes()).toEqual(before)
    const orgs = await api.db.selectFrom('orgs').select('id').where('name', '=', 'Retried Org').execute()
    expect(orgs).toEqual([{ id: first.body.id }])
  })

  test('an invitation whose process died after its commit is not sent again, and names the version to read at', async () => {
    const org = await teamroom()
    const request = { actor: 'ana', body: { user: { id: 'eve', displayName: 'Eve' } }, headers: withKey('invite-die') }
    const first = await api.must(201, 'POST', `/v1/orgs/${org}/invitations`, request)
    await abandon('invite-die', pastClaim(), 'as committed')
    const lost = await api.call('POST', `/v1/orgs/${org}/invitations`, request)
    expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
    expect(lost.body.consistency).toBe(first.body.consistency)
    expect(lost.body.detail).toContain(first.body.invitationId)
    const members = await api.must(200, 'GET', `/v1/orgs/${org}/members?consistency=${lost.body.consistency}`, {
      actor: 'ana',
    })
    expect(members.body.members.filter((m: { principal: string }) => m.principal === 'eve')).toHaveLength(1)
    const invited = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?type=member.invited&subject=eve`, {
      actor: 'ana',
    })
    expect(invited.body.events).toHaveLength(1)
  })

  test('a grant whose process died after its commit is not run again either', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/cy`
    const request = { actor: 'ana', headers: withKey('grant-then-die') }
    const first = await api.must(200, 'PUT', path, request)
    await abandon('grant-then-die', pastClaim(), 'as committed')
    const lost = await api.call('PUT', path, request)
    expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
    expect(lost.body.consistency).toBe(first.body.consistency)
    expect(await grantsTo(org, 'cy')).toBe(1)
  })

  /** Runs `test` with the claim holder ids of a process still running and of one that died. */
  async function withProcesses(test: (holders: { alive?: number; dead?: number }) => Promise<void>) {
    const [alive, dead] = [await startClaimHolder(api.database), await startClaimHolder(api.database)]
    await dead.close()
    try {
      await test({ alive: alive.id, dead: dead.id })
    } finally {
      await alive.close()
    }
  }

  // Pins the fix for the five minutes a retry waited after a crash, then ran on a state five minutes newer
  // than the one its client meant: a claim names its process, and one whose process died is abandoned at once.
  test('a claim whose process died is taken over at once and runs; one whose process lives is waited for', () =>
    withProcesses(async (holders) => {
      const org = await teamroom()
      const path = `/v1/orgs/${org}/roles/admin/holders/bo`
      const request = { actor: 'ana', headers: withKey('process-died') }
      await api.must(200, 'PUT', path, request)
      await abandon('process-died', new Date(), 'nothing applied', holders.alive)
      const waiting = await api.call('PUT', path, request)
      expectProblem(waiting, 409, 'IDEMPOTENCY_IN_PROGRESS')
      expect(waiting.headers.get('retry-after')).toBe('1')
      await abandon('process-died', new Date(), 'nothing applied', holders.dead)
      const retry = await api.call('PUT', path, request)
      expect(retry.status).toBe(200)
      expect(replayed(retry)).toBeNull()
      expect(retry.body.changed).toBe(false)
      expect(await grantsTo(org, 'bo')).toBe(1)
    }))

  test('a creation whose process died after its commit is IDEMPOTENCY_RESPONSE_LOST at once, and not made again', () =>
    withProcesses(async (holders) => {
      const request = {
        body: { name: 'Crashed Org', model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } },
        headers: withKey('create-org-process-died'),
      }
      const first = await api.must(201, 'POST', '/v1/orgs', request)
      await abandon('create-org-process-died', new Date(), 'as committed', holders.dead)
      const before = await api.writes()
      const lost = await api.call('POST', '/v1/orgs', request)
      expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
      expect(lost.body.consistency).toBe(first.body.consistency)
      expect(await api.writes()).toEqual(before)
    }))

  test('a denial applies nothing, so its abandoned claim is taken over and decided again', async () => {
    const org = await teamroom()
    const path = `/v1/orgs/${org}/roles/admin/holders/cy`
    const request = { actor: 'bo', headers: withKey('denied-then-die') }
    expectProblem(await api.call('PUT', path, request), 403, 'NOT_AUTHORIZED')
    await abandon('denied-then-die', pastClaim(), 'as committed')
    const retry = await api.call('PUT', path, request)
    expectProblem(retry, 403, 'NOT_AUTHORIZED')
    expect(replayed(retry)).toBeNull()
  })
})

describe('Idempotency-Key when storing the response fails', () => {
  test('the committed change is answered all the same, and a retry is told of it at once rather than run again', async () => {
    const org = await teamroom()
    // Storage refuses to finish any key: the answer the first request gets cannot be kept for replays.
    await sql`create function refuse_finish() returns trigger language plpgsql as $$
      begin raise exception 'storage refused the response'; end $$`.execute(api.db)
    await sql`create trigger refuse_finish before update on idempotency_keys
      for each row when (new.status = 'done') execute function refuse_finish()`.execute(api.db)
    const request = { actor: 'ana', body: { to: 'bo' }, headers: withKey('transfer-unstored') }
    let first: Awaited<ReturnType<typeof api.call>>
    try {
      first = await api.call('POST', `/v1/orgs/${org}/ownership-transfers`, request)
    } finally {
      await sql`drop trigger refuse_finish on idempotency_keys`.execute(api.db)
      await sql`drop function refuse_finish()`.execute(api.db)
    }
    expect(first.status).toBe(201)
    // Nothing is running any more: the retry is told of the change at once, not asked to wait.
    const lost = await api.call('POST', `/v1/orgs/${org}/ownership-transfers`, request)
    expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
    expect(lost.body.consistency).toBe(first.body.consistency)
    expect(lost.headers.get('rolecall-consistency')).toBe(String(first.body.consistency))
    const started = await api.must(200, 'GET', `/v1/orgs/${org}/audit-events?type=transfer.requested`, { actor: 'ana' })
    expect(started.body.events).toHaveLength(1)
  })
})

/** Creations whose answer shows a secret once, each with the request that makes it. */
const shownOnce: [string, () => Promise<{ path: string; body: unknown }>][] = [
  ['an API key', async () => ({ path: '/v1/api-keys', body: { name: 'retried-service' } })],
  [
    'a webhook endpoint',
    async () => ({ path: `/v1/orgs/${await api.createOrg()}/webhooks`, body: { url: 'https://example.com/hooks' } }),
  ],
]

describe('Idempotency-Key on a creation that shows a secret once', () => {
  // Pins the fix for the stored response that kept an issued key's secret in plain text for a day.
  for (const [name, creation] of shownOnce) {
    test(`a retried creation of ${name} is SECRET_SHOWN_ONCE naming what was created; the secret is not stored`, async () => {
      const { path, body } = await creation()
      const key = `create-${name}`
      const first = await api.must(201, 'POST', path, { body, headers: withKey(key) })
      const before = await api.writes()
      const retry = await api.call('POST', path, { body, headers: withKey(key) })
      expectProblem(retry, 409, 'SECRET_SHOWN_ONCE')
      expect(replayed(retry)).toBe('true')
      expect(retry.body.detail).toContain(first.body.id)
      expect(JSON.stringify(retry.body)).not.toContain(first.body.secret)
      expect(await api.writes()).toEqual(before)
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys
        where strpos(concat(response_body::text, response_headers::text), ${first.body.secret}) > 0`.execute(api.db)
      expect(rows).toEqual([{ n: 0 }])
    })

    test(`a creation of ${name} whose process died after its commit is not made again, and is named`, async () => {
      const { path, body } = await creation()
      const key = `create-then-die-${name}`
      const first = await api.must(201, 'POST', path, { body, headers: withKey(key) })
      // As if the process had died before storing the response: the claim is left running, long ago.
      await api.db
        .updateTable('idempotency_keys')
        .set({ status: 'running', response_status: null, response_body: null, created_at: new Date(0) })
        .where('key', '=', key)
        .execute()
      const before = await api.writes()
      const lost = await api.call('POST', path, { body, headers: withKey(key) })
      expectProblem(lost, 409, 'IDEMPOTENCY_RESPONSE_LOST')
      expect(lost.body.detail).toContain(first.body.id)
      expect(await api.writes()).toEqual(before)
    })
  }
})

describe('expired idempotency keys', () => {
  test('the hourly prune of the workflows deletes them, event retention set or not; fresh keys stay', async () => {
    const org = await teamroom()
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, {
      actor: 'ana',
      body: { name: 'Once' },
      headers: withKey('expiring'),
    })
    await api.must(200, 'PATCH', `/v1/orgs/${org}`, {
      actor: 'ana',
      body: { name: 'Twice' },
      headers: withKey('staying'),
    })
    await api.db
      .updateTable('idempotency_keys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('key', '=', 'expiring')
      .execute()
    // Without eventRetentionDays: expired keys go whatever the event retention.
    const workflows = await workflowsFor(api)
    try {
      await waitFor('the expired key deleted', async () => !(await isStored('expiring')))
      expect(await isStored('staying')).toBe(true)
    } finally {
      await workflows.stop()
    }
  })
})
