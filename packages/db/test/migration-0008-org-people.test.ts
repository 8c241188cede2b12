import { PGlite } from '@electric-sql/pglite'
import { Kysely, Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { migrateToLatest, migrationProvider, PGliteDialect } from '../src/index.js'

// biome-ignore lint/suspicious/noExplicitAny: the database starts in the schema of 0007, which no type describes.
let db: Kysely<any>
beforeAll(async () => {
  db = new Kysely({ dialect: new PGliteDialect({ pglite: await PGlite.create('memory://') }) })
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0007-idempotent-applied')
  if (error) throw error
})
afterAll(() => db.destroy())

describe('0008-org-people', () => {
  test('each org that named a person keeps what was on file of them as its own profile', async () => {
    for (const statement of [
      sql`insert into orgs (id, name, model_id) values ('acme', 'Acme', 'teamroom'), ('globex', 'Globex', 'teamroom')`,
      sql`insert into users (id, display_name, email, slack_user_id) values
        ('ana', 'Ana', 'ana@example.com', 'U-ANA'), ('bo', 'Bo', null, null), ('cy', 'Cy', 'cy@example.com', null)`,
      sql`insert into memberships (org_id, user_id, status) values
        ('acme', 'ana', 'active'), ('globex', 'ana', 'invited'), ('acme', 'bo', 'terminated')`,
      sql`insert into role_assignments (org_id, role, principal_id, granted_by) values ('globex', 'admin', 'cy', 'ana')`,
    ]) {
      await statement.execute(db)
    }

    await migrateToLatest(db)

    const people = await db
      .selectFrom('people')
      .select(['org_id', 'user_id', 'display_name', 'email', 'slack_user_id'])
      .orderBy('org_id')
      .orderBy('user_id')
      .execute()
    expect(people).toEqual([
      { org_id: 'acme', user_id: 'ana', display_name: 'Ana', email: 'ana@example.com', slack_user_id: 'U-ANA' },
      { org_id: 'acme', user_id: 'bo', display_name: 'Bo', email: null, slack_user_id: null },
      { org_id: 'globex', user_id: 'ana', display_name: 'Ana', email: 'ana@example.com', slack_user_id: 'U-ANA' },
      { org_id: 'globex', user_id: 'cy', display_name: 'Cy', email: 'cy@example.com', slack_user_id: null },
    ])
    const { rows } = await sql<{ found: string | null }>`select to_regclass('users')::text as found`.execute(db)
    expect(rows).toEqual([{ found: null }])
  })
})
