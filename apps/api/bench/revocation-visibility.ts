import { CONSISTENCY_HEADER } from '../src/commands/decided.js'
import type { OrgSpec } from './teamroom-org.js'

export interface RevocationOptions {
  org: OrgSpec
  /** Holds `authorized_buyer` (and no other role that may buy). */
  member: string
  headers: Record<string, string>
  /** The server that revokes. */
  writer: string
  /** The server that checks; the writer by default. */
  reader?: string
  /** Send the revoke's consistency token with the check, as a client that just wrote would. */
  withToken?: boolean
}

export interface Revocation {
  /** The check before the revoke was allowed (and so cached). */
  allowedBefore: boolean
  /** The very next check after the revoke answered `allowed: false`. */
  deniedNext: boolean
  /** How long until checks answered `allowed: false` (polled for up to 2 s), or null if never. */
  deniedAfterMs: number | null
}

/**
 * Revokes `authorized_buyer` on the writer, then checks `licenses.purchase` for the member on the
 * reader at once. The check before the revoke fills the reader's cache, so a stale cache answers "allowed".
 */
export async function revocationVisibility(options: RevocationOptions): Promise<Revocation> {
  const { org, member, headers, writer, reader = writer } = options
  const check = async (extra: Record<string, string> = {}) => {
    const res = await fetch(`${reader}/v1/orgs/${org.id}/check`, {
      method: 'POST',
      headers: { ...headers, ...extra, 'Content-Type': 'application/json' },
      body: JSON.stringify({ principal: member, action: 'licenses.purchase' }),
    })
    if (res.status !== 200) throw new Error(`check answered ${res.status}: ${await res.text()}`)
    return ((await res.json()) as { allowed: boolean }).allowed
  }
  const allowedBefore = await check()
  const res = await fetch(`${writer}/v1/orgs/${org.id}/roles/authorized_buyer/holders/${member}`, {
    method: 'DELETE',
    headers: { ...headers, 'X-Rolecall-Actor': org.founder },
  })
  if (res.status !== 200) throw new Error(`revoke answered ${res.status}: ${await res.text()}`)
  const revokedAt = performance.now()
  const token = res.headers.get(CONSISTENCY_HEADER) ?? ''
  await res.body?.cancel()
  const deniedNext = !(await check(options.withToken ? { [CONSISTENCY_HEADER]: token } : {}))
  let deniedAfterMs: number | null = deniedNext ? performance.now() - revokedAt : null
  while (deniedAfterMs === null && performance.now() - revokedAt < 2000) {
    if (!(await check())) deniedAfterMs = performance.now() - revokedAt
  }
  return { allowedBefore, deniedNext, deniedAfterMs }
}
