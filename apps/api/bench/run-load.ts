import autocannon from 'autocannon'
import { machineCpuSeconds, processCpuSeconds } from './process-cpu.js'

export interface LoadOptions {
  url: string
  connections: number
  /** Seconds. */
  duration: number
  /** The requests connection `i` sends, in a loop; each connection gets its own. */
  requestsFor(connection: number): autocannon.Request[]
  /** The server's process id, to measure its CPU time per response. */
  pid?: number | undefined
}

export interface LoadResult {
  /** Responses per second, whatever their status. */
  rps: number
  /** 2xx responses per second. */
  okPerSecond: number
  /** Latency percentiles in milliseconds, over every response, to a microsecond. */
  p50: number
  p99: number
  /** Server CPU time per response in microseconds (user + system), when its pid was given. */
  cpuPerRequest: number | undefined
  /** The whole machine's CPU time per response in microseconds: server, database and load generator. */
  machineCpuPerRequest: number | undefined
  /** Responses by status, plus `errors` for connection errors and timeouts. */
  statuses: Record<string, number>
}

/**
 * Drives a server with autocannon and measures latency itself: autocannon's own histogram keeps
 * whole milliseconds, too coarse for a 5 ms goal.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let connection = 0
  let latencies = new Float64Array(1 << 16)
  let count = 0
  const cpuBefore = await processCpuSeconds(options.pid)
  const machineBefore = await machineCpuSeconds()
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 10,
    setupClient: (client) => client.setRequests(options.requestsFor(connection++)),
  })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2)
      grown.set(latencies)
      latencies = grown
    }
    latencies[count++] = ms
  })
  const result = await instance
  const cpuAfter = await processCpuSeconds(options.pid)
  const machineAfter = await machineCpuSeconds()
  const sorted = latencies.subarray(0, count).sort()
  const at = (q: number) =>
    count === 0 ? Number.NaN : (sorted[Math.min(count - 1, Math.floor(q * count))] ?? Number.NaN)
  const statuses: Record<string, number> = {}
  for (const [status, { count: n }] of Object.entries(result.statusCodeStats)) statuses[status] = Number(n)
  if (result.errors > 0) statuses.errors = result.errors
  const perResponse = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined || count === 0 ? undefined : ((after - before) * 1e6) / count
  return {
    rps: count / result.duration,
    okPerSecond: result['2xx'] / result.duration,
    p50: at(0.5),
    p99: at(0.99),
    cpuPerRequest: perResponse(cpuBefore, cpuAfter),
    machineCpuPerRequest: perResponse(machineBefore, machineAfter),
    statuses,
  }
}
