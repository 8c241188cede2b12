import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Where a frame's code lives: a package, a file of this repo, node's internals, or V8's buckets. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg) return pkg
  const own = /\/(packages\/[^/]+|apps\/api)\/(src\/.*)$/.exec(url)
  if (own) return `${own[1]}/${own[2]}`
  if (url.startsWith('node:')) return url.replace(/^node:internal\/(deps\/)?/, 'node:')
  return url
}

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/').replace(/^file:\/\//, '')

/**
 * The heaviest code in the busiest `--cpu-prof` profile in `dir` (the main thread's, not a loader
 * worker's): self time by area (package or source file) and by function, and total (inclusive)
 * time of this repo's own functions.
 */
export async function summarizeProfile(dir: string, top = 15): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))
  const loaded = await Promise.all(
    files.map(async (f) => ({
      file: join(dir, f),
      profile: JSON.parse(await readFile(join(dir, f), 'utf8')) as Profile,
    })),
  )
  const busiest = loaded.sort((a, b) => b.profile.nodes.length - a.profile.nodes.length)[0]
  if (!busiest) return `${dir}: no profile`
  const { file, profile } = busiest
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`
  const self = new Map<string, number>()
  const areas = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)
    if (!node) return
    total += dt
    add(self, keyOf(node), dt)
    add(areas, areaOf(node.callFrame.url, node.callFrame.functionName), dt)
    const seen = new Set<string>()
    for (let at: ProfileNode | undefined = node; at; at = byId.get(parent.get(at.id) ?? -1)) {
      if (!/\/(packages\/[^/]+|apps\/api)\/src\//.test(at.callFrame.url)) continue
      const key = keyOf(at)
      if (!seen.has(key)) add(inclusive, key, dt)
      seen.add(key)
    }
  })
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n')
  return [
    `${file}: ${total.toFixed(0)} ms sampled`,
    'self time by area:',
    list(areas),
    'self time by function:',
    list(self),
    "total time of Rolecall's own functions:",
    list(inclusive),
  ].join('\n')
}

function add(map: Map<string, number>, key: string, value: number) {
  map.set(key, (map.get(key) ?? 0) + value)
}
