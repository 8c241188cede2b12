import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onCleanup } from './cleanup.js'

/** apps/api: where `src/main.ts` and `bench/` resolve from. */
export const apiDir = fileURLToPath(new URL('..', import.meta.url))

export interface ServerOptions {
  /** Names the log file and the CPU profile. */
  name: string
  /** A TypeScript entry, relative to apps/api. */
  script: string
  args?: string[]
  env?: Record<string, string>
  port: number
  /** Polled until it answers 200. */
  readyPath: string
  logDir: string
  /** Run with `--cpu-prof`, writing the profiles to `<cpuProfDir>/<name>/` when the server stops. */
  cpuProfDir?: string | undefined
}

export interface RunningServer {
  url: string
  child: ChildProcess
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>
}

/**
 * Starts a server as a child process (`node --import tsx`, sources through `@rolecall/source`) so
 * it has an event loop and a core of its own, apart from the load generator. Its output goes to
 * `<logDir>/<name>.log`, never through this process.
 */
export async function spawnServer(options: ServerOptions): Promise<RunningServer> {
  const log = openSync(join(options.logDir, `${options.name}.log`), 'a')
  // One profile per thread (tsx's loader runs in a worker of its own), so each server gets a directory.
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfDir, options.name)}`] : []
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './bench/exit-with-parent.ts',
      '--conditions=@rolecall/source',
      ...profile,
      options.script,
      ...(options.args ?? []),
    ],
    { cwd: apiDir, env: { ...process.env, ...options.env }, stdio: ['ignore', log, log, 'ipc'] },
  )
  closeSync(log)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(killer)
  })
  const url = `http://127.0.0.1:${options.port}`
  try {
    await waitUntilReady(`${url}${options.readyPath}`, child, options.name)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, child, stop }
}

async function waitUntilReady(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready`)
    try {
      const res = await fetch(url)
      await res.body?.cancel()
      if (res.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${name} was not ready within 60 s`)
}
