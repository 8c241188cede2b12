import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Database } from '@rolecall/db'
import { createTestDatabase } from '@rolecall/db/testing'
import { type Kysely, sql } from 'kysely'
import type { Call } from '../http/harness.js'
import { postgresUrl } from './postgres-only.js'

const apiDir = fileURLToPath(new URL('../..', import.meta.url))
const START_TIMEOUT_MS = 30_000

/** The admin key every spawned API is configured with (ROLECALL_ADMIN_KEY). */
export const PROCESS_ADMIN_KEY = 'rc_admin_postgres-suite-0123456789abcdef'

export interface FreshDatabase {
  /** A connection string for the new database, to hand to API processes. */
  url: string
  /** Direct access, for what only SQL can check. */
  db: Kysely<Database>
  /** Drops the database, ending any connection a killed process left behind. */
  close(): Promise<void>
}

/**
 * A new, migrated `rolecall_test_<random>` database on the server in DATABASE_URL, dropped on `close()`.
 * @example const database = await freshDatabase(); afterAll(() => database.close())
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  if (!postgresUrl) throw new Error('freshDatabase needs DATABASE_URL')
  const handle = await createTestDatabase()
  try {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(handle.db)
    const url = new URL(postgresUrl)
    url.pathname = `/${rows[0]?.name}`
    return { url: url.toString(), db: handle.db, close: handle.close }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/** A JSON client for an API at `base`, speaking as the admin key (the same shape as the harness's `call`). */
export function httpCall(base: string, key = PROCESS_ADMIN_KEY): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${options.key ?? key}`, ...options.headers }
    if (options.actor) headers['X-Rolecall-Actor'] = options.actor
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
  }
}

export interface ApiProcess {
  url: string
  call: Call
  child: ChildProcess
  /** Resolves with the exit signal or code once the process has ended. */
  exited: Promise<NodeJS.Signals | number | null>
  /** SIGKILL: no drain, no goodbye; resolves when the process is gone. */
  kill(): Promise<void>
  /** SIGTERM, then SIGKILL if it has not ended after 10 s; removes its data directory. Safe to call twice. */
  stop(): Promise<void>
}

// The process listens before its jobs have started (a start that failed is retried), and is not ready until they have.
async function untilReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ready = await fetch(`${url}/readyz`)
    const body = await ready.text()
    if (ready.status === 200) return
    if (performance.now() > deadline) throw new Error(`/readyz answered ${ready.status} ${body}`)
    await sleep(50)
  }
}

/**
 * Starts `src/main.ts` in its own Node process (no tsx CLI in between, so a signal reaches the server
 * itself) on a free port against `databaseUrl`, and resolves once /readyz answers 200 (its jobs run).
 * @example const api = await spawnApi(database.url); afterAll(() => api.stop())
 */
export async function spawnApi(databaseUrl: string): Promise<ApiProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rolecall-pg-'))
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@rolecall/source', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ROLECALL_DATA_DIR: dataDir,
      ROLECALL_ADMIN_KEY: PROCESS_ADMIN_KEY,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  )
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const gone = () => child.exitCode !== null || child.signalCode !== null
  const kill = async () => {
    if (!gone()) child.kill('SIGKILL')
    await exited
  }
  const stop = async () => {
    if (!gone()) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "listening" line after ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      )
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1]
        if (port) {
          clearTimeout(timer)
          resolve(`http://127.0.0.1:${port}`)
        }
      })
      void exited.then((how) => {
        clearTimeout(timer)
        reject(new Error(`exited (${how}) before listening`))
      })
    })
    await untilReady(url, performance.now() + START_TIMEOUT_MS)
    return { url, call: httpCall(url), child, exited, kill, stop }
  } catch (error) {
    await stop()
    throw new Error(`The API process did not start: ${(error as Error).message}\n${output}`)
  }
}
