import { type Kysely, Migrator } from 'kysely'
import { migrationProvider } from './migration-provider.js'
import { StorageError } from './storage-error.js'

/**
 * Applies every pending migration, each in its own transaction, and returns the names applied.
 * Forward-only: there are no down migrations. Safe to run on every start: Kysely's lock makes
 * concurrent runs wait for each other, and applied migrations are skipped.
 * @example await migrateToLatest(db)
 */
// biome-ignore lint/suspicious/noExplicitAny: migrating works on any schema, including an empty one.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName
    const detail = error instanceof Error ? error.message : String(error)
    throw new StorageError('MIGRATION_FAILED', `Migration ${failed ?? '(setup)'} failed: ${detail}`, { cause: error })
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
