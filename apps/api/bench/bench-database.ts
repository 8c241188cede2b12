import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createDatabase, type DatabaseHandle, migrateToLatest } from '@rolecall/db'
import pg from 'pg'
import { onCleanup } from './cleanup.js'

export type Backend = 'pg' | 'pglite'

export interface BenchDatabase {
  backend: Backend
  /** What the API child needs in its environment to use this database. */
  env: Record<string, string>
  /** A handle for this process (seeding, verifying). For PGlite, only while no server has it open. */
  open(): DatabaseHandle
}

/**
 * A fresh, migrated database: `rolecall_bench_<random>` on the Postgres server at `serverUrl`
 * (dropped on cleanup), or a PGlite data directory under `tmpDir`.
 */
export async function createBenchDatabase(backend: Backend, serverUrl: string, tmpDir: string): Promise<BenchDatabase> {
  let bench: BenchDatabase
  if (backend === 'pg') {
    const name = `rolecall_bench_${randomBytes(6).toString('hex')}`
    await onServer(serverUrl, `create database ${name}`)
    // FORCE ends connections a crashed child may have left open.
    onCleanup(() => onServer(serverUrl, `drop database if exists ${name} with (force)`))
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    bench = {
      backend,
      env: { DATABASE_URL: url.toString(), ROLECALL_DATA_DIR: join(tmpDir, 'pg') },
      open: () => createDatabase({ url: url.toString() }),
    }
  } else {
    // main.ts keeps PGlite in <ROLECALL_DATA_DIR>/data.
    const root = join(tmpDir, 'pglite')
    bench = {
      backend,
      env: { DATABASE_URL: '', ROLECALL_DATA_DIR: root },
      open: () => createDatabase({ dataDir: join(root, 'data') }),
    }
  }
  const handle = bench.open()
  try {
    await migrateToLatest(handle.db)
  } finally {
    await handle.close()
  }
  return bench
}

// CREATE and DROP DATABASE cannot run in a transaction or in the database itself: use a bare client.
async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
