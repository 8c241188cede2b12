/** Operations per second of `op`, the median of several timed rounds after a warm-up, so one GC pause does not decide. */
export function opsPerSecond(op: (i: number) => unknown, iterations = 200_000, rounds = 7): number {
  let sink = 0
  for (let i = 0; i < iterations; i++) if (op(i)) sink++
  const rates: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) if (op(i)) sink++
    const ns = Number(process.hrtime.bigint() - start)
    rates.push((iterations * 1e9) / ns)
  }
  // Keeps the optimiser from removing the loop.
  if (sink === -1) console.log(sink)
  rates.sort((a, b) => a - b)
  return rates[Math.floor(rates.length / 2)] as number
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(13)
