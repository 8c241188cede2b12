import type autocannon from 'autocannon'
import type { OrgSpec } from './teamroom-org.js'

export const WRITE_ROLE = 'authorized_buyer'

/**
 * Connection `i`'s role changes: it grants and revokes `authorized_buyer` to a member of its own,
 * in turn, acting as the owner. With one org, every connection has another member of it; with
 * more orgs than connections, connection `i` takes orgs `i`, `i + connections`, …
 * @example writeRequests([big], 50, headers)(3) // PUT then DELETE of big's 4th plain member
 */
export function writeRequests(orgs: OrgSpec[], connections: number, headers: Record<string, string>) {
  return (i: number): autocannon.Request[] => {
    const targets: [OrgSpec, string][] = []
    if (orgs.length === 1) {
      const org = orgs[0] as OrgSpec
      targets.push([org, org.plain[i] as string])
    } else {
      for (let k = i; k < orgs.length; k += connections) {
        const org = orgs[k] as OrgSpec
        targets.push([org, org.plain[0] as string])
      }
    }
    return targets.flatMap(([org, member]) => {
      const path = `/v1/orgs/${org.id}/roles/${WRITE_ROLE}/holders/${encodeURIComponent(member)}`
      const withActor = { ...headers, 'X-Rolecall-Actor': org.founder }
      return [
        { method: 'PUT', path, headers: withActor },
        { method: 'DELETE', path, headers: withActor },
      ]
    })
  }
}
