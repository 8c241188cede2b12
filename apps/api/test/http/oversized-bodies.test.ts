import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, testDeps } from '../fixtures.js'

const client = fileURLToPath(new URL('../support/post-oversized.ts', import.meta.url))
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')
const TRIES = 20
const SIZES_MIB = [2, 4, 16]

let server: Awaited<ReturnType<typeof listen>>
let seen: Record<string, Record<string, number>>

beforeAll(async () => {
  // A body this large is refused from its declared length, before any key or database is consulted.
  server = await listen(testDeps())
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [tsxCli, client, server.url, String(TRIES), ...SIZES_MIB.map(String)],
    { timeout: 90_000 },
  )
  seen = JSON.parse(stdout)
}, 120_000)
afterAll(() => server?.close())

describe('a body over the limit, sent by a client still sending it', () => {
  // Regression: the server closed the socket right after its 413 while the client was still writing the
  // body, the client's kernel got a reset, and `fetch` failed with EPIPE (6 of 10 tries at 4 MiB).
  test.each(SIZES_MIB)(`of %i MiB gets the 413 problem in ${TRIES} of ${TRIES} tries through fetch`, (mib) => {
    expect(seen[mib]).toEqual({ '413 PAYLOAD_TOO_LARGE close': TRIES })
  })
})
