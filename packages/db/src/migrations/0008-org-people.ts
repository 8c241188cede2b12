import { type Kysely, sql } from 'kysely'

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  // What an org knows of a person (name, e-mail, Slack id) becomes the org's own row: one tenant's
  // invitation or Slack link can no longer rename, re-address or reveal a person another tenant has.
  await db.schema
    .createTable('people')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('slack_user_id', 'text')
    .addColumn('pseudonym', 'text')
    .addColumn('anonymized_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('people_pk', ['org_id', 'user_id'])
    .addUniqueConstraint('people_org_email_key', ['org_id', 'email'])
    .execute()
  await db.schema.createIndex('people_org_slack_user_id').on('people').columns(['org_id', 'slack_user_id']).execute()

  // Every org that named a person (as member, invitee, role holder or case subject) keeps what was on file.
  await sql`
    insert into people (org_id, user_id, display_name, email, slack_user_id, pseudonym, anonymized_at, created_at)
    select known.org_id, u.id, u.display_name, u.email, u.slack_user_id, u.pseudonym, u.anonymized_at, u.created_at
    from (
      select org_id, user_id from memberships
      union select org_id, principal_id from role_assignments
      union select org_id, subject from anonymization_cases
    ) known
    join users u on u.id = known.user_id
  `.execute(db)

  await db.schema.dropTable('users').cascade().execute()
  await db.schema
    .alterTable('memberships')
    .addForeignKeyConstraint('memberships_person_fkey', ['org_id', 'user_id'], 'people', ['org_id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
}
