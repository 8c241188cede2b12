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
