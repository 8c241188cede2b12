import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

// Loopback, private, link-local (cloud metadata), CGNAT, unspecified and unique-local ranges.
const internal = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  internal.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  internal.addSubnet(net, prefix, 'ipv6')
}

const isInternal = (address: string): boolean => {
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address
  const family = isIP(mapped) === 6 ? 'ipv6' : 'ipv4'
  return internal.check(mapped, family)
}

/**
 * Whether a URL's host is, or resolves to, a loopback, private or link-local address.
 * @example await resolvesToInternalAddress(new URL('http://127.0.0.1:8080/')) // true
 */
export async function resolvesToInternalAddress(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) return isInternal(host)
  const addresses = await lookup(host, { all: true })
  return addresses.some((entry) => isInternal(entry.address))
}
