import type autocannon from 'autocannon'
import { type CheckBody, checkMix } from './check-mix.js'
import type { OrgSpec } from './teamroom-org.js'

const MIX = 100

/**
 * Connection `i`'s single checks: the org's check mix, each connection starting at another place
 * so the server never sees the connections in step.
 */
export function checkRequests(org: OrgSpec, headers: Record<string, string>) {
  const mix = checkMix(org, MIX)
  return (i: number): autocannon.Request[] =>
    rotate(mix, i * 7).map((check) => ({
      method: 'POST',
      path: `/v1/orgs/${org.id}/check`,
      headers,
      body: JSON.stringify(check),
    }))
}

/** Connection `i`'s batches of 100 checks, a few different ones in turn. */
export function batchCheckRequests(org: OrgSpec, headers: Record<string, string>) {
  const mix = checkMix(org, MIX)
  return (i: number): autocannon.Request[] =>
    [0, 13, 29, 41].map((shift) => ({
      method: 'POST',
      path: `/v1/orgs/${org.id}/check/batch`,
      headers,
      body: JSON.stringify({ checks: rotate(mix, i * 7 + shift) }),
    }))
}

const rotate = (list: CheckBody[], by: number) => {
  const at = by % list.length
  return [...list.slice(at), ...list.slice(0, at)]
}
