import { availableParallelism } from 'node:os'
import { count, formatTable, ms } from './format-table.js'
import type { Revocation } from './revocation-visibility.js'
import type { LoadResult } from './run-load.js'
import type { Verification } from './verify-orgs.js'

export type Scenario = 'check' | 'batch' | 'write, 1 org' | 'write, 100 orgs'

export interface BenchResults {
  figures: { backend: string; scenario: Scenario; run: number; load: LoadResult }[]
  revocations: { backend: string; label: string; goal: boolean; result: Revocation }[]
  verifications: { backend: string; result: Verification }[]
}

export const BATCH_SIZE = 100
const GOALS = { checkShare: 0.7, checkP99: 5, decisions: 1_000_000, writes: 1_000 }

/** `1,234 µs`, or `?` where the server's CPU time could not be read. */
export const cpu = (r: LoadResult) => micros(r.cpuPerRequest)

const micros = (value: number | undefined) => (value === undefined ? '?' : `${count(value)} µs`)

/** Responses per second the machine's cores could serve at this run's CPU cost per response, busy or not. */
const ceiling = (r: LoadResult) =>
  r.machineCpuPerRequest ? (availableParallelism() * 1e6) / r.machineCpuPerRequest : undefined

/** Non-2xx answers by status, e.g. `409: 3, errors: 1`. */
export const nonOk = (r: LoadResult) =>
  Object.entries(r.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, n]) => `${status}: ${count(n)}`)
    .join(', ')

const share = (part: number | undefined, whole: number | undefined) =>
  part !== undefined && whole ? `${((100 * part) / whole).toFixed(0)}%` : ''

/**
 * Prints the table of every run and whether each goal was met (on Postgres, every run must meet it).
 * Returns false when an invariant or the audit log failed verification.
 */
export function printReport(results: BenchResults, say: (line: string) => void): boolean {
  const { figures, revocations, verifications } = results
  const baselineOf = (scenario: Scenario, run: number) =>
    figures.find((f) => f.backend === 'baseline' && f.scenario === scenario && f.run === run)?.load
  const rows = figures.map(({ backend, scenario, run, load }) => {
    const base = backend === 'baseline' ? undefined : baselineOf(scenario, run)
    const figure =
      scenario === 'batch'
        ? `${count(load.okPerSecond * BATCH_SIZE)} decisions/s`
        : scenario === 'check'
          ? ''
          : `${count(load.okPerSecond)} writes/s`
    const byCpu = base?.cpuPerRequest && load.cpuPerRequest ? share(base.cpuPerRequest, load.cpuPerRequest) : ''
    const all = micros(load.machineCpuPerRequest)
    return [backend, scenario, String(run), count(load.rps), ms(load.p50), ms(load.p99), cpu(load), all].concat([
      base ? share(load.rps, base.rps) : '',
      byCpu,
      figure,
      nonOk(load),
    ])
  })
  say(
    formatTable(
      [
        'backend',
        'scenario',
        'run',
        'req/s',
        'p50',
        'p99',
        'CPU/req',
        'all CPU/req',
        'vs base',
        'by CPU',
        'figure',
        'non-2xx',
      ],
      rows,
    ),
  )
  say("vs base: requests/s as a share of the baseline run beside it. by CPU: the baseline server's CPU time per")
  say(
    "request as a share of this one's, which other load on the machine barely moves: the share to expect on a quiet one.",
  )
  say('all CPU/req: the whole machine (server, database, load generator) per response.')

  const pg = (scenario: Scenario) => figures.filter((f) => f.backend === 'pg' && f.scenario === scenario)
  const verdict = (runs: boolean[]) =>
    runs.length === 0
      ? 'not measured'
      : `${runs.every(Boolean) ? 'MET' : 'NOT MET'} (${runs.filter(Boolean).length}/${runs.length} runs)`
  const pgClean = verifications.some((v) => v.backend === 'pg' && v.result.problems.length === 0)
  const checkRuns = pg('check').map((f) => {
    const base = baselineOf('check', f.run)
    return base !== undefined && f.load.rps >= GOALS.checkShare * base.rps && f.load.p99 <= GOALS.checkP99
  })
  // A goal the bare baseline misses on this machine cannot be met by the API either: say so beside it.
  const base = (scenario: Scenario) => figures.filter((f) => f.backend === 'baseline' && f.scenario === scenario)
  const floor = (scenario: Scenario, show: (r: LoadResult) => string) => {
    const runs = base(scenario)
    return runs.length === 0 ? '' : `; the bare baseline itself: ${runs.map((f) => show(f.load)).join(', ')}`
  }
  say('\nGoals (Postgres)')
  say(
    `  single checks ≥ 70% of baseline, p99 ≤ 5 ms:   ${verdict(checkRuns)}${floor('check', (r) => `p99 ${ms(r.p99)}`)}`,
  )
  say(
    `  batch checks ≥ 1,000,000 decisions/s:          ${verdict(pg('batch').map((f) => f.load.okPerSecond * BATCH_SIZE >= GOALS.decisions))}${floor('batch', (r) => `${count(r.okPerSecond * BATCH_SIZE)} decisions/s`)}`,
  )
  const writeCeilings = pg('write, 100 orgs').map((f) => ceiling(f.load))
  const cores = `; at their CPU cost per write, ${availableParallelism()} cores allow at most`
  say(
    `  writes on 100 orgs ≥ 1,000/s, none violated:   ${verdict(pg('write, 100 orgs').map((f) => f.load.okPerSecond >= GOALS.writes && pgClean))}${writeCeilings.every((c) => c !== undefined) && writeCeilings.length > 0 ? `${cores} ${writeCeilings.map((c) => `${count(c ?? 0)}/s`).join(', ')}` : ''}`,
  )
  for (const { backend, label, goal, result } of revocations) {
    const after = result.deniedAfterMs === null ? 'not within 2 s' : `denied after ${ms(result.deniedAfterMs)}`
    const answer = result.deniedNext ? 'yes' : 'no'
    say(
      `  ${goal ? '' : '(info) '}revoked role denied on the very next check, ${backend}, ${label}: ${answer} (${after})`,
    )
  }
  for (const { backend, result } of verifications) {
    const { orgs, assignments, problems } = result
    const outcome = problems.length === 0 ? 'OK' : `${problems.length} PROBLEMS`
    say(`  invariants and audit log, ${backend} (${orgs} orgs, ${count(assignments)} assignments): ${outcome}`)
    for (const line of problems.slice(0, 20)) say(`    ${line}`)
  }
  return verifications.every((v) => v.result.problems.length === 0)
}
