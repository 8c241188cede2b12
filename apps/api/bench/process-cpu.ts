import { readFile } from 'node:fs/promises'

const TICKS_PER_SECOND = 100

/**
 * CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no
 * /proc. Unlike requests per second, CPU per request barely moves when other work shares the machine.
 */
export async function processCpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined
  try {
    // Fields after the command name, which may contain spaces: state is [0], utime [11], stime [12].
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

/**
 * CPU seconds the whole machine has spent busy so far (every core, every process: the API, the
 * database, the load generator), from /proc/stat; undefined where there is no /proc.
 */
export async function machineCpuSeconds(): Promise<number | undefined> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? ''
    // cpu  user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number)
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0)
    return busy / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}
