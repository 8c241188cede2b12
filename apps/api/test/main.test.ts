import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const apiDir = fileURLToPath(new URL('..', import.meta.url))
// `npx tsx` without npm in between: the tsx CLI relays signals and the exit code, and npm adds seconds.
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

describe('main', () => {
  let dataDir: string
  let child: ChildProcess
  let stdout = ''
  let base: string

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rolecall-main-'))
    child = spawn(process.execPath, [tsxCli, '--conditions=@rolecall/source', 'src/main.ts'], {
      cwd: apiDir,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        ROLECALL_DATA_DIR: dataDir,
        DATABASE_URL: '',
        ROLECALL_ADMIN_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    base = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const port = /listening on http:\/\/localhost:(\d+)/.exec(stdout)?.[1]
        if (port) resolve(`http://127.0.0.1:${port}`)
      })
      child.once('exit', (code) => reject(new Error(`main exited with ${code} before listening:\n${stdout}`)))
    })
  }, 60_000)

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  test('starts on PGlite, prints the generated admin key once, serves the docs and stops cleanly on SIGTERM', async () => {
    const adminKey = (await readFile(join(dataDir, 'admin-key'), 'utf8')).trim()
    expect(stdout.split(adminKey)).toHaveLength(2)
    expect(stdout).toContain(join(dataDir, 'admin-key'))

    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
    expect((await fetch(`${base}/docs`)).status).toBe(200)
    const authorized = await fetch(`${base}/v1/nothing`, { headers: { Authorization: `Bearer ${adminKey}` } })
    expect(authorized.status).toBe(404)

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 30_000)
})
