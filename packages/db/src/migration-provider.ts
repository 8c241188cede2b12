import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './migrations/0001-initial.js'
import * as workflows from './migrations/0002-workflows.js'
import * as auditLookups from './migrations/0003-audit-lookups.js'
import * as casePages from './migrations/0004-case-pages.js'
import * as eventRetention from './migrations/0005-event-retention.js'
import * as idempotentReplays from './migrations/0006-idempotent-replays.js'
import * as idempotentApplied from './migrations/0007-idempotent-applied.js'
import * as orgPeople from './migrations/0008-org-people.js'
import * as claimHolders from './migrations/0009-claim-holders.js'

/** Every migration by name, in order. Listed here, not scanned from a folder, so `src` and `dist` behave alike. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-workflows': workflows,
  '0003-audit-lookups': auditLookups,
  '0004-case-pages': casePages,
  '0005-event-retention': eventRetention,
  '0006-idempotent-replays': idempotentReplays,
  '0007-idempotent-applied': idempotentApplied,
  '0008-org-people': orgPeople,
  '0009-claim-holders': claimHolders,
}

/**
 * Hands Kysely's `Migrator` the migrations above.
 * @example new Migrator({ db, provider: migrationProvider })
 */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
