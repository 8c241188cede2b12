/**
 * A client in a process of its own, as real clients are: creates an org named with a string of each
 * size in MiB through the SDK (no retries, so each try counts), `tries` times each, and prints what
 * each size got as JSON: `{ "4": { "413 PAYLOAD_TOO_LARGE": 20 } }`, or an error's code (`EPIPE`) for
 * a try that got no answer. In the server's own process the client only writes when the server's
 * event loop lets it, so the server never closes a socket the client is still writing to.
 * @example tsx test/support/create-oversized-org.ts http://127.0.0.1:3000 20 2 4 16
 */
import { createRolecall, isRolecallError } from '../../src/index.js'

const [baseUrl = '', tries, ...sizes] = process.argv.slice(2)
const rolecall = createRolecall({ baseUrl, apiKey: 'rc_refused_before_it_is_read', retry: false })

const seen: Record<string, Record<string, number>> = {}
for (const mib of sizes) {
  const name = 'x'.repeat(Number(mib) * 1024 * 1024)
  const tally: Record<string, number> = {}
  for (let i = 0; i < Number(tries); i++) {
    let outcome: string
    try {
      await rolecall.orgs.create({ name, founder: { id: 'ana', displayName: 'Ana' } })
      outcome = 'created'
    } catch (err) {
      outcome = isRolecallError(err)
        ? `${err.status} ${err.code}`
        : String((err as { cause?: { code?: string } }).cause?.code ?? err)
    }
    tally[outcome] = (tally[outcome] ?? 0) + 1
  }
  seen[mib] = tally
}
process.stdout.write(`${JSON.stringify(seen)}\n`)
