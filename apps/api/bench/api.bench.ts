/**
 * `npm run bench -w @rolecall/api`: the API under load, as separate processes, on Postgres and on
 * PGlite, next to a bare Hono baseline. Single and batch checks, revocation visibility, role writes on
 * one org and on 100 orgs, then every org verified against its model and its audit log. It reports
 * goals without failing on them; it exits 1 only when verification finds a problem (or it crashes).
 *
 * Settings (all optional): BENCH_DATABASE_URL or DATABASE_URL (the Postgres server to create a
 * database on), BENCH_DURATION (seconds per run, 5), BENCH_BACKENDS (pg,pglite),
 * BENCH_SCENARIOS (checks,writes), BENCH_LOG_LEVEL (the API's, info), BENCH_CPU_PROF (a directory:
 * profile the API processes and print where their time went).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BenchDatabase, createBenchDatabase } from './bench-database.js'
import { loadBenchEnv } from './bench-env.js'
import { batchCheckRequests, checkRequests } from './check-requests.js'
import { cleanup, onCleanup } from './cleanup.js'
import { count, ms } from './format-table.js'
import { freePort } from './free-port.js'
import { type BenchResults, cpu, nonOk, printReport, type Scenario } from './print-report.js'
import { revocationVisibility } from './revocation-visibility.js'
import { type LoadOptions, runLoad } from './run-load.js'
import { seedOrg } from './seed-org.js'
import { type RunningServer, spawnServer } from './spawn-server.js'
import { summarizeProfile } from './summarize-profile.js'
import { teamroomOrg } from './teamroom-org.js'
import { verifyOrgs } from './verify-orgs.js'
import { writeRequests } from './write-requests.js'

const env = loadBenchEnv()
const CONNECTIONS = 50
const RUNS = [1, 2]
const ADMIN_KEY = `rc_admin_bench_${randomBytes(24).toString('base64url')}`
const auth = { Authorization: `Bearer ${ADMIN_KEY}` }
const jsonAuth = { ...auth, 'Content-Type': 'application/json' }

const big = teamroomOrg('big', 2000)
const small = Array.from({ length: 100 }, (_, k) => teamroomOrg(`org${String(k).padStart(3, '0')}`, 50))
const results: BenchResults = { figures: [], revocations: [], verifications: [] }
const started = performance.now()
let tmp = ''
let interrupted = false

const say = (line: string) => process.stdout.write(`${line}\n`)
const stamp = () => `[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s]`
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')

async function measure(backend: string, scenario: Scenario, run: number, options: Omit<LoadOptions, 'duration'>) {
  const r = await runLoad({ ...options, duration: env.BENCH_DURATION })
  results.figures.push({ backend, scenario, run, load: r })
  const odd = nonOk(r)
  say(
    `  ${backend.padEnd(8)} ${scenario.padEnd(15)} run ${run}: ${count(r.rps)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, server CPU ${cpu(r)}/req${odd ? `, non-2xx ${odd}` : ''}`,
  )
}

async function startApi(name: string, db: BenchDatabase): Promise<RunningServer> {
  const port = await freePort()
  return spawnServer({
    name,
    script: 'src/main.ts',
    port,
    readyPath: '/readyz',
    logDir: tmp,
    cpuProfDir: env.BENCH_CPU_PROF,
    env: {
      ...db.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROLECALL_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: env.BENCH_LOG_LEVEL,
      NODE_ENV: 'production',
    },
  })
}

async function startBaseline(): Promise<RunningServer> {
  const port = await freePort()
  const script = 'bench/baseline-server.ts'
  return spawnServer({ name: 'baseline', script, args: [String(port)], port, readyPath: '/healthz', logDir: tmp })
}

/** A fresh database with the seeded orgs. */
async function prepare(backend: BenchDatabase['backend']): Promise<BenchDatabase> {
  const db = await createBenchDatabase(backend, env.serverUrl, tmp)
  const handle = db.open()
  try {
    await seedOrg(handle.db, big)
    // Postgres takes them side by side; PGlite has one connection and queues them.
    await Promise.all(small.map((org) => seedOrg(handle.db, org)))
  } finally {
    await handle.close()
  }
  say(`${stamp()} ${backend}: database created and seeded`)
  return db
}

/** Everything measured on one backend; the baseline, when given, is measured in turn with it. */
async function benchBackend(db: BenchDatabase, baseline: RunningServer | undefined): Promise<void> {
  const name = db.backend
  const wants = env.BENCH_SCENARIOS
  const crossProcess = name === 'pg' && wants.has('checks')
  say(`\n${stamp()} ${name}: starting the API${crossProcess ? ' and a second API process on the same database' : ''}`)
  const [api, other] = await Promise.all([
    startApi(`api-${name}`, db),
    crossProcess ? startApi('api-pg-2', db) : undefined,
  ])
  if (wants.has('checks')) await measureChecks(name, api, other, baseline)
  await other?.stop()
  if (wants.has('writes')) await measureWrites(name, api)
  await api.stop()
  if (env.BENCH_CPU_PROF) say(`\n${await summarizeProfile(join(env.BENCH_CPU_PROF, `api-${name}`))}`)

  // After the server has stopped: PGlite admits one process at a time.
  const handle = db.open()
  try {
    const verification = await verifyOrgs(handle.db, [big.id, ...small.map((o) => o.id)])
    results.verifications.push({ backend: name, result: verification })
    say(`${stamp()} ${name}: verified ${verification.orgs} orgs, ${verification.problems.length} problems`)
  } finally {
    await handle.close()
  }
}

async function measureChecks(name: string, api: RunningServer, other?: RunningServer, baseline?: RunningServer) {
  const checks = { connections: CONNECTIONS, requestsFor: checkRequests(big, jsonAuth) }
  const batches = { connections: CONNECTIONS, requestsFor: batchCheckRequests(big, jsonAuth) }
  // A second each to compile the hot paths and fill the org cache before anything is measured.
  for (const server of baseline ? [baseline, api] : [api]) {
    await runLoad({ ...checks, url: server.url, duration: 1 })
    await runLoad({ ...batches, url: server.url, duration: 1 })
  }
  const on = (server: RunningServer) => ({ url: server.url, pid: server.child.pid })
  for (const [scenario, options] of [
    ['check', checks],
    ['batch', batches],
  ] as const) {
    for (const run of RUNS) {
      if (baseline) await measure('baseline', scenario, run, { ...options, ...on(baseline) })
      await measure(name, scenario, run, { ...options, ...on(api) })
    }
  }

  const buyers = big.byRole.authorized_buyer ?? []
  const revoke = async (label: string, goal: boolean, member: number, reader?: RunningServer, withToken = false) => {
    const result = await revocationVisibility({
      org: big,
      member: buyers[member] as string,
      headers: auth,
      writer: api.url,
      ...(reader ? { reader: reader.url } : {}),
      withToken,
    })
    results.revocations.push({ backend: name, label, goal, result })
    say(`  revocation, ${label}: very next check denied: ${result.deniedNext ? 'yes' : 'no'}`)
  }
  await revoke('same process', true, 0)
  if (other) {
    await revoke('other process with the consistency token', true, 1, other, true)
    await revoke('other process without a token (LISTEN/NOTIFY)', false, 2, other)
  }
}

async function measureWrites(name: string, api: RunningServer) {
  for (const [scenario, orgs] of [
    ['write, 1 org', [big]],
    ['write, 100 orgs', small],
  ] as const) {
    const requestsFor = writeRequests([...orgs], CONNECTIONS, auth)
    // As for checks: a second to compile the write path and load these orgs before anything is measured.
    await runLoad({ url: api.url, connections: CONNECTIONS, requestsFor, duration: 1 })
    for (const run of RUNS) {
      await measure(name, scenario, run, { url: api.url, pid: api.child.pid, connections: CONNECTIONS, requestsFor })
    }
  }
}

/** The last lines of each server's log, to see why a run failed. */
async function logTails(): Promise<string> {
  const logs = (await readdir(tmp).catch(() => [])).filter((f) => f.endsWith('.log'))
  const tails = await Promise.all(
    logs.map(async (f) => `--- ${f}\n${(await readFile(join(tmp, f), 'utf8')).split('\n').slice(-15).join('\n')}`),
  )
  return tails.join('\n')
}

async function main(): Promise<boolean> {
  tmp = await mkdtemp(join(tmpdir(), 'rolecall-bench-'))
  onCleanup(() => rm(tmp, { recursive: true, force: true }))
  if (env.BENCH_CPU_PROF) await mkdir(env.BENCH_CPU_PROF, { recursive: true })
  const backends = env.BENCH_BACKENDS.join(', ')
  say(`Rolecall API bench: node ${process.version}, ${availableParallelism()} cores, load average ${load()}`)
  say(
    `Backends ${backends}; ${CONNECTIONS} connections, ${env.BENCH_DURATION} s per run, API LOG_LEVEL ${env.BENCH_LOG_LEVEL}`,
  )
  say(`Org "${big.id}": ${count(big.members.length)} members, ${big.grants.length + 1} role holders; 100 orgs of 50`)
  const [databases, baseline] = await Promise.all([
    Promise.all(env.BENCH_BACKENDS.map(prepare)),
    env.BENCH_SCENARIOS.has('checks') ? startBaseline() : undefined,
  ])
  let pairedBaseline = baseline
  for (const db of databases) {
    await benchBackend(db, pairedBaseline)
    await pairedBaseline?.stop()
    pairedBaseline = undefined
  }
  say(`\n${stamp()} Results (load average now ${load()})`)
  return printReport(results, say)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping servers and dropping databases`)
    interrupted = true
    // Work cut short fails as its connections close (a pool's idle client emits 'error'); keep cleaning.
    process.on('uncaughtException', () => {})
    void cleanup().finally(() => process.exit(130))
  })
}

try {
  process.exitCode = (await main()) ? 0 : 1
} catch (err) {
  process.exitCode = 1
  // Interrupted, work fails as its servers and databases go away: not worth reporting.
  if (!interrupted) {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    if (tmp) process.stderr.write(`${await logTails()}\n`)
  }
} finally {
  await cleanup()
}
