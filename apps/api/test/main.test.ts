import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const apiDir = fileURLToPath(new URL('..', import.meta.url))
// `npx tsx` without npm in between: the tsx CLI relays signals and the exit code, and npm adds seconds.
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli')

/** Polls `done` every 20 ms until it holds. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20))
}

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

    // A check whose body is still arriving when SIGTERM comes: its connection is busy, so close() keeps it.
    const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' }
    const org = { name: 'Acme', model: 'teamroom', founder: { id: 'ana', displayName: 'Ana' } }
    const created = await fetch(`${base}/v1/orgs`, { method: 'POST', headers, body: JSON.stringify(org) })
    const { id } = (await created.json()) as { id: string }
    const check = JSON.stringify({ principal: 'ana', action: 'org.manage' })
    expect((await fetch(`${base}/v1/orgs/${id}/check`, { method: 'POST', headers, body: check })).status).toBe(200)
    const socket = connect(Number(new URL(base).port), '127.0.0.1')
    let answer = ''
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      answer += chunk
    })
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    const head = `POST /v1/orgs/${id}/check HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${adminKey}\r\nContent-Type: application/json\r\nContent-Length: ${check.length}\r\n\r\n`
    await new Promise<void>((resolve) => socket.write(head + check.slice(0, 5), () => resolve()))

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    await until(() => stdout.includes('stopping: finishing requests in flight'))
    // The rest of that check, and another on the same connection, which Node would go on serving.
    socket.write(check.slice(5) + head + check)
    await closed
    const answers = answer.split(/(?=HTTP\/1\.1 )/)
    expect(answers).toHaveLength(2)
    for (const one of answers) expect(one).toMatch(/^HTTP\/1\.1 200 [\s\S]*"allowed":true}$/)
    // The one asked after SIGTERM is told the connection ends with it.
    expect(answers[1]).toMatch(/\r\nConnection: close\r\n/i)
    expect(await exited).toBe(0)
  }, 30_000)
})
