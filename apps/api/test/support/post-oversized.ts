/**
 * A client in a process of its own, as real clients are: POSTs a JSON body of each size in MiB to
 * `${url}/v1/orgs` with `fetch`, `tries` times each, one after another, and prints what each size got as
 * JSON: `{ "4": { "413 PAYLOAD_TOO_LARGE close": 20 } }`, or an error's code (`EPIPE`) for a try that got
 * no answer. In the server's own process the race this shows cannot happen: the client only writes
 * when the server's event loop lets it, so the server never closes a socket the client is writing to.
 * @example tsx test/support/post-oversized.ts http://127.0.0.1:3000 20 2 4 16
 */
const [url, tries, ...sizes] = process.argv.slice(2)

const seen: Record<string, Record<string, number>> = {}
for (const mib of sizes) {
  const body = JSON.stringify({ name: 'x'.repeat(Number(mib) * 1024 * 1024), founder: { id: 'ana', displayName: 'A' } })
  const tally: Record<string, number> = {}
  for (let i = 0; i < Number(tries); i++) {
    let outcome: string
    try {
      const res = await fetch(`${url}/v1/orgs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
      const problem = res.headers.get('content-type')?.startsWith('application/problem+json')
        ? ((await res.json()) as { code?: string })
        : { code: await res.text() }
      outcome = `${res.status} ${problem.code} ${res.headers.get('connection')}`
    } catch (err) {
      outcome = String((err as { cause?: { code?: string } }).cause?.code ?? err)
    }
    tally[outcome] = (tally[outcome] ?? 0) + 1
  }
  seen[mib as string] = tally
}
process.stdout.write(`${JSON.stringify(seen)}\n`)
