// Measures the engine on a large org against a plain Map.get measured in the same run:
// can() at >= 2,000,000/s and a grant decision at >= 100,000/s are the targets.
import { can, decideGrant, indexOrg, type RoleAssignment, teamroom } from '../src/index.js'
import { fmt, opsPerSecond } from './measure.js'

const MEMBERS = 10_000
const users = Array.from({ length: MEMBERS }, (_, i) => `user-${i}`)
const layout: [role: string, count: number][] = [
  ['owner', 1],
  ['co_owner', 19],
  ['compliance_manager', 30],
  ['authorized_buyer', 50],
  ['admin', 500],
  ['support_team', 400],
]
const assignments: RoleAssignment[] = []
let next = 0
for (const [role, count] of layout)
  for (let i = 0; i < count; i++) assignments.push({ role, principal: users[next++] as string })
const holders = assignments.length
const org = indexOrg({
  id: 'bench',
  name: 'Bench',
  features: { licensing: true },
  members: users.map((principal) => ({ principal, status: 'active' as const })),
  assignments,
})

const map = new Map(users.map((u, i) => [u, i]))
const pick = (i: number) => users[(i * 7919) % MEMBERS] as string
const actions = ['org.manage', 'members.invite', 'licenses.purchase', 'support.handle', 'teamrooms.access']

const targets: Record<string, number> = { 'can() mixed': 2_000_000, 'decideGrant admin': 100_000 }
const rows: [string, number][] = [
  ['Map.get (baseline)', opsPerSecond((i) => map.get(pick(i)))],
  ['can() mixed', opsPerSecond((i) => can(teamroom, org, pick(i), actions[i % actions.length] as string).ok)],
  // Support team holders are the last 400 role holders; everyone past the holders has no role.
  ['can() allowed', opsPerSecond((i) => can(teamroom, org, users[600 + (i % 400)] as string, 'support.handle').ok)],
  ['can() denied', opsPerSecond((i) => can(teamroom, org, users[holders + (i % 9000)] as string, 'org.manage').ok)],
  [
    'decideGrant admin',
    opsPerSecond(
      (i) =>
        decideGrant(teamroom, org, { actor: 'user-0', role: 'admin', target: users[holders + (i % 9000)] as string })
          .ok,
      50_000,
    ),
  ],
]
const [, baseline] = rows[0] as [string, number]
console.log(
  `org: ${MEMBERS.toLocaleString('en-US')} members, ${holders.toLocaleString('en-US')} role holders (teamroom)`,
)
console.log(`${'operation'.padEnd(24)}${'ops/s'.padStart(13)}  vs Map.get  target`)
for (const [name, rate] of rows) {
  const target = targets[name]
  const verdict = target === undefined ? '' : `${rate >= target ? 'met' : 'MISSED'} (${fmt(target).trim()}/s)`
  console.log(`${name.padEnd(24)}${fmt(rate)}  ${(rate / baseline).toFixed(3).padStart(10)}  ${verdict}`)
}
