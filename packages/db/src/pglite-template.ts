import { createHash, randomUUID } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { migrateToLatest } from './migrate-to-latest.js'
import { migrations } from './migration-provider.js'
import { PGliteDialect } from './pglite-dialect.js'

/**
 * A migrated, empty PGlite data directory as a gzipped tarball, for `loadDataDir`. Starting from
 * it skips initdb and the migrations, several times faster than a fresh start, which every test
 * file would otherwise pay. Built once and cached in the OS temp dir.
 */
export async function migratedPGliteTemplate(): Promise<Blob> {
  // Keyed by PGlite's version and the migrations' source, so a changed migration never reuses a stale template.
  const file = join(tmpdir(), `rolecall-pglite-${await templateKey()}.tar.gz`)
  const cached = await readFile(file).catch(() => undefined)
  if (cached) return new Blob([cached])

  const pglite = await PGlite.create('memory://')
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) })
  try {
    await migrateToLatest(db)
    const bytes = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer())
    // Write aside, then rename: test files run in parallel and must never read half a file.
    const partial = `${file}.${randomUUID()}`
    await writeFile(partial, bytes)
    await rename(partial, file)
    return new Blob([bytes])
  } finally {
    await db.destroy()
  }
}

async function templateKey(): Promise<string> {
  const hash = createHash('sha256').update(await pgliteVersion())
  for (const [name, migration] of Object.entries(migrations)) hash.update(name).update(migration.up.toString())
  return hash.digest('hex').slice(0, 16)
}

// The package exports no version and hides its package.json, so read it from beside its entry file.
async function pgliteVersion(): Promise<string> {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'))
    const manifest = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8'))
    return String(manifest.version)
  } catch {
    return 'unknown'
  }
}
