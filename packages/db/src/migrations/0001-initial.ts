import { type Kysely, sql } from 'kysely'

const now = sql`now()`
const emptyObject = sql`'{}'::jsonb`
const emptyArray = sql`'[]'::jsonb`
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`

// Takes Kysely<any> on purpose: a migration is frozen in time and must not follow today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against whatever schema exists, not `Database`.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('model_id', 'text', (col) => col.notNull())
    .addColumn('custom_model', 'jsonb')
    .addColumn('features', 'jsonb', (col) => col.notNull().defaultTo(emptyObject))
    .addColumn('quotas', 'jsonb', (col) => col.notNull().defaultTo(emptyObject))
    .addColumn('usage', 'jsonb', (col) => col.notNull().defaultTo(emptyObject))
    .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('slack_team_id', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.unique())
    .addColumn('slack_user_id', 'text')
    .addColumn('pseudonym', 'text')
    .addColumn('anonymized_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .execute()
  await db.schema.createIndex('users_slack_user_id').on('users').column('slack_user_id').execute()

  await db.schema
    .createTable('memberships')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('last_active_at', 'timestamptz')
    .addColumn('invited_by', 'text')
    .addColumn('invited_roles', 'jsonb', (col) => col.notNull().defaultTo(emptyArray))
    .addColumn('invitation_id', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('memberships_pk', ['org_id', 'user_id'])
    .addCheckConstraint('memberships_status_check', oneOf('status', ['invited', 'active', 'terminated']))
    .execute()
  await db.schema.createIndex('memberships_user_id').on('memberships').column('user_id').execute()

  // Principals here may be support or background principals, so there is no foreign key to users.
  await db.schema
    .createTable('role_assignments')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('principal_id', 'text', (col) => col.notNull())
    .addColumn('context', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('granted_by', 'text', (col) => col.notNull())
    .addColumn('granted_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('role_assignments_pk', ['org_id', 'role', 'principal_id', 'context'])
    .execute()
  await db.schema
    .createIndex('role_assignments_org_principal')
    .on('role_assignments')
    .columns(['org_id', 'principal_id'])
    .execute()

  await db.schema
    .createTable('contexts')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('contexts_pk', ['org_id', 'id'])
    .addCheckConstraint('contexts_kind_check', oneOf('kind', ['workspace', 'teamroom', 'team', 'folder', 'app']))
    .execute()

  await db.schema
    .createTable('context_assignments')
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('principal_id', 'text', (col) => col.notNull())
    .addColumn('context', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('context_assignments_pk', ['org_id', 'principal_id', 'context'])
    .execute()

  const transferStatuses = ['open', 'accepted', 'declined', 'cancelled', 'expired', 'voided']
  await db.schema
    .createTable('ownership_transfers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('from_principal', 'text', (col) => col.notNull())
    .addColumn('to_principal', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('former_holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('ownership_transfers_status_check', oneOf('status', transferStatuses))
    .addCheckConstraint('ownership_transfers_former_holder_check', oneOf('former_holder', ['default', 'member']))
    .execute()
  // The last line of defence behind the engine: two racing requests cannot both open a transfer.
  await db.schema
    .createIndex('ownership_transfers_one_open')
    .on('ownership_transfers')
    .column('org_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('open'))
    .execute()

  await db.schema
    .createTable('anonymization_cases')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('approvals', 'jsonb', (col) => col.notNull().defaultTo(emptyArray))
    .addColumn('reminder_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('anonymization_cases_status_check', oneOf('status', ['open', 'anonymized']))
    .execute()
  await db.schema
    .createIndex('anonymization_cases_one_open')
    .on('anonymization_cases')
    .columns(['org_id', 'subject'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('open'))
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('hash', 'text', (col) => col.notNull().unique())
    .addColumn('org_ids', 'jsonb')
    .addColumn('support', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('revoked_at', 'timestamptz')
    .execute()

  // No foreign key to orgs: the audit trail outlives an org's rows and is never cascaded away.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('org_id', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('subject', 'text')
    .addColumn('data', 'jsonb', (col) => col.notNull())
    .addColumn('request_id', 'text')
    .execute()
  await db.schema.createIndex('audit_events_org_id').on('audit_events').columns(['org_id', 'id']).execute()
  // Append-only is enforced here, not just promised by the repositories.
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = 'restrict_violation';
    end
    $$`.execute(db)
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
    for each statement execute function audit_events_append_only()`.execute(db)

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .addCheckConstraint('idempotency_keys_status_check', oneOf('status', ['running', 'done']))
    .execute()
  await db.schema.createIndex('idempotency_keys_expires_at').on('idempotency_keys').column('expires_at').execute()
}
