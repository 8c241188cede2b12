import { execFile } from 'node:child_process'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createHttpServer, createLogger, OrgStateCache } from '@rolecall/api'
import { createDatabase } from '@rolecall/db'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const client = fileURLToPath(new URL('./support/create-oversized-org.ts', import.meta.url))
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
const TRIES = 20
const SIZES_MIB = [2, 4, 16]

// Kysely connects on the first query, and a body this large is refused before any is made.
const database = createDatabase({ dataDir: 'memory://' })
let server: Server | undefined
let seen: Record<string, Record<string, number>>

beforeAll(async () => {
  // The API as it is deployed (the Node server with its check lane), not the app behind a test server.
  server = createHttpServer({
    db: database.db,
    cache: new OrgStateCache(database.db),
    logger: createLogger({ level: 'silent' }),
    ready: async () => true,
    auth: { adminKey: 'rc_admin_unused-0123456789abcdef', findApiKey: async () => undefined },
  }).server
  const listening = server
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
  const args = [tsxCli, client, url, String(TRIES), ...SIZES_MIB.map(String)]
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 90_000 })
  seen = JSON.parse(stdout)
}, 120_000)
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await database.close()
})

describe('a request body over the API’s limit', () => {
  // Regression: the API closed the socket right after its 413 while the body was still being written,
  // and the client got EPIPE instead of the problem in most tries at 4 MiB and more.
  test.each(SIZES_MIB)(`of %i MiB is a PAYLOAD_TOO_LARGE RolecallError in ${TRIES} of ${TRIES} tries`, (mib) => {
    expect(seen[mib]).toEqual({ '413 PAYLOAD_TOO_LARGE': TRIES })
  })
})
