import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { expectProblem, useApi } from './harness.js'

const api = useApi()

/**
 * Makes the database roll back every grant to `principal` with `sqlstate`, as Postgres does to break a
 * deadlock or a serialization conflict, while `run` runs.
 */
async function rollingBack<T>(sqlstate: string, principal: string, run: () => Promise<T>): Promise<T> {
  await sql`create function roll_back_grant() returns trigger language plpgsql as ${sql.lit(
    `begin raise exception 'concurrent request' using errcode = '${sqlstate}'; end`,
  )}`.execute(api.db)
  await sql`create trigger roll_back_grant before insert on role_assignments
    for each row when (new.principal_id = ${sql.lit(principal)}) execute function roll_back_grant()`.execute(api.db)
  try {
    return await run()
  } finally {
    await sql`drop trigger roll_back_grant on role_assignments`.execute(api.db)
    await sql`drop function roll_back_grant()`.execute(api.db)
  }
}

describe('a write rolled back for a concurrent request', () => {
  test.each([
    ['a deadlock', '40P01'],
    ['a serialization conflict', '40001'],
  ])(
    '%s is 503 UNAVAILABLE with Retry-After, nothing written; sent again with its key, it goes through',
    async (_, sqlstate) => {
      const org = await api.createOrg('teamroom', 'ana')
      await api.join(org, 'bo', 'ana')
      const request = { actor: 'ana', headers: { 'Idempotency-Key': `grant-bo-${sqlstate}` } }
      const path = `/v1/orgs/${org}/roles/admin/holders/bo`
      const before = await api.writes()
      const rolledBack = await rollingBack(sqlstate, 'bo', () => api.call('PUT', path, request))
      expectProblem(rolledBack, 503, 'UNAVAILABLE')
      expect(rolledBack.headers.get('retry-after')).toBe('1')
      expect(rolledBack.body.detail).toMatch(/nothing was written/)
      expect(await api.writes()).toEqual(before)

      const again = await api.call('PUT', path, request)
      expect(again.status).toBe(200)
      expect(again.body.changed).toBe(true)
      expect((await api.holders(org, 'ana')).admin).toEqual(['bo'])
    },
  )
})
