import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const LISTENING = /Rolecall bot on :(\d+)/

/** The bot's own process, started as `npm start` starts it. */
export interface BotProcess {
  url: string
  /** What the bot wrote (stdout and stderr, in order) after it started listening, one entry per line. */
  lines: string[]
  /** Resolves once the bot has written `count` lines since it started listening; rejects if it exits first. */
  linesReach: (count: number) => Promise<void>
  alive: () => boolean
  /** Stops it with SIGTERM and answers its exit code. */
  stop: () => Promise<number | null>
}

/**
 * Runs `src/main.ts` in a child process with `env` on a free port, resolving once it listens.
 * @example const bot = await startBotProcess({ SLACK_BOT_TOKEN: 'xoxb-test', … })
 */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  // One pipe for both streams, so lines arrive in the order the bot wrote them.
  const child = spawn(
    'sh',
    ['-c', 'exec "$0" "$@" 2>&1', process.execPath, '--conditions=@rolecall/source', '--import', 'tsx', 'src/main.ts'],
    { cwd: PACKAGE_DIR, env: { ...process.env, ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const alive = () => child.exitCode === null && child.signalCode === null
  const startup: string[] = []
  const lines: string[] = []
  const waiters = new Set<() => void>()
  const wakeAll = () => {
    for (const wake of waiters) wake()
  }
  child.once('exit', wakeAll)

  const url = await new Promise<string>((resolve, reject) => {
    let started = false
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (started) {
        lines.push(line)
        return wakeAll()
      }
      const port = LISTENING.exec(line)?.[1]
      if (port === undefined) return startup.push(line)
      started = true
      resolve(`http://127.0.0.1:${port}`)
    })
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening:\n${startup.join('\n')}`)))
  })

  const linesReach = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.length >= count) resolve()
        else if (!alive()) reject(new Error(`the bot exited (${child.exitCode}):\n${lines.join('\n')}`))
        else return
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  const stop = async () => {
    if (!alive()) return child.exitCode
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const [code] = await exited
    return code as number | null
  }
  return { url, lines, linesReach, alive, stop }
}
