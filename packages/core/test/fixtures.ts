import { expect, test } from 'vitest'
import {
  type Command,
  type Decision,
  type Denied,
  type Effect,
  explain,
  indexOrg,
  type MembershipStatus,
  type OrgSnapshot,
  type OrgState,
  type RoleModel,
} from '../src/index.js'

export const NOW = '2026-11-24T12:00:00.000Z'

type Holders = Record<string, string[]>
interface OrgOptions extends Omit<OrgSnapshot, 'id' | 'name' | 'members' | 'assignments'> {
  /** Principals who are not active members, with their status; everyone else named is active. */
  status?: Record<string, MembershipStatus | 'none'>
  /** Extra active members who hold no role. */
  members?: string[]
  /** Per-context holders: { 'teamroom:42': { support_team: ['sue'] } }. */
  contexts?: Record<string, Holders>
}

/**
 * An org from a role → holders table; everyone named is an active member unless `status` says otherwise
 * (`none` = never a member). Support principals are never members.
 */
export function org(holders: Holders, options: OrgOptions = {}): OrgState {
  const { status = {}, members = [], contexts = {}, ...rest } = options
  const assignments = Object.entries(holders).flatMap(([role, ps]) => ps.map((principal) => ({ role, principal })))
  for (const [context, byRole] of Object.entries(contexts)) {
    for (const [role, ps] of Object.entries(byRole))
      for (const principal of ps) assignments.push({ role, principal, context } as never)
  }
  const everyone = new Set([...assignments.map((a) => a.principal), ...members, ...Object.keys(status)])
  const memberList = [...everyone]
    .filter((p) => !p.startsWith('support:') && status[p] !== 'none')
    .map((principal) => ({ principal, status: (status[principal] ?? 'active') as MembershipStatus }))
  return indexOrg({ id: 'org-1', name: 'Acme', members: memberList, assignments, ...rest })
}

const effectLine = (e: Effect): string => {
  switch (e.kind) {
    case 'role.granted':
      return `grant ${e.role} ${e.principal}${e.context ? ` in ${e.context}` : ''}`
    case 'role.revoked':
      return `${e.cause === 'cascade' ? 'clear' : 'revoke'} ${e.role} ${e.principal}${e.context ? ` in ${e.context}` : ''}`
    case 'member.terminated':
      return `terminate ${e.principal}`
    case 'member.invited':
      return `invite ${e.principal}${e.roles.length ? ` as ${e.roles.join(',')}` : ''}`
    case 'member.activated':
      return `activate ${e.principal}`
    case 'context.assigned':
    case 'context.unassigned':
      return `${e.kind === 'context.assigned' ? 'assign' : 'unassign'} ${e.principal} ${e.context}`
    case 'case.opened':
      return `open case ${e.subject}`
    case 'case.approved':
      return `approve ${e.caseId} ${e.approvals}/${e.required}`
    case 'user.anonymized':
      return `anonymize ${e.principal}`
    case 'transfer.requested':
      return `request ${e.role} ${e.from}->${e.to}`
    case 'transfer.accepted':
      return `accept ${e.transferId}`
    default:
      return e.kind
  }
}

/** One line per decision: `denied: CODE` or the effects, `; `-separated (`unchanged` for a no-op). */
export function summarize(d: Decision): string {
  if (!d.ok) return `denied: ${d.code}`
  if (!d.changed) return 'unchanged'
  return d.effects.map(effectLine).join('; ')
}

export type Case<C = Command> = [name: string, state: OrgState, cmd: C, want: string]

// Builders for the preset scenario tests (test/presets/*.test.ts): commands and snapshot parts by name.

type CommandOf<K extends Command['kind']> = Extract<Command, { kind: K }>
type TransferSnapshot = NonNullable<OrgSnapshot['transfers']>[number]
type CaseSnapshot = NonNullable<OrgSnapshot['cases']>[number]

/** A grant command; `extra` adds a `context` or `confirmed`. */
export const grant = (
  actor: string,
  role: string,
  target: string,
  extra: Partial<CommandOf<'grant'>> = {},
): CommandOf<'grant'> => ({ kind: 'grant', actor, role, target, ...extra })

/** A revoke command; `extra` adds a `context` or `confirmed`. */
export const revoke = (
  actor: string,
  role: string,
  target: string,
  extra: Partial<CommandOf<'revoke'>> = {},
): CommandOf<'revoke'> => ({ kind: 'revoke', actor, role, target, ...extra })

/** A transfer request made at `NOW`; `extra` names the role, `formerHolder` or another time. */
export const requestTransfer = (
  actor: string,
  to: string,
  extra: Partial<CommandOf<'transfer.request'>> = {},
): CommandOf<'transfer.request'> => ({ kind: 'transfer.request', actor, to, now: NOW, ...extra })

/** Accepting, declining or cancelling a transfer, at `NOW` unless told. */
export const respond = (
  answer: 'accept' | 'decline' | 'cancel',
  actor: string,
  transferId: string,
  now = NOW,
): CommandOf<'transfer.accept' | 'transfer.decline' | 'transfer.cancel'> => ({
  kind: `transfer.${answer}`,
  actor,
  transferId,
  now,
})

/** Removing a member; actor = target means leaving. */
export const removeMember = (actor: string, target: string): CommandOf<'member.remove'> => ({
  kind: 'member.remove',
  actor,
  target,
})

/** ISO time `days` after `iso`. */
export const daysAfter = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString()

/** An open transfer of `owner` requested at `NOW` (so expiring 7 days later); `extra` overrides any field. */
export const pendingTransfer = (
  id: string,
  from: string,
  to: string,
  extra: Partial<TransferSnapshot> = {},
): TransferSnapshot => ({
  id,
  role: 'owner',
  from,
  to,
  status: 'open',
  expiresAt: daysAfter(NOW, 7),
  formerHolder: 'default',
  ...extra,
})

/** An open anonymization case about `subject` with no approvals yet; `extra` overrides any field. */
export const caseAbout = (id: string, subject: string, extra: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  id,
  subject,
  status: 'open',
  approvals: [],
  ...extra,
})

/** `allowed` or `denied: CODE`: the answer of a check such as `can`, which has no effects to show. */
export const verdict = (d: Decision): string => (d.ok ? 'allowed' : `denied: ${d.code}`)

/** A sorted copy, for comparing lists of principals whose order the rule does not fix. */
export const sorted = (items: Iterable<string>): string[] => [...items].sort()

/** An invitation, optionally with roles granted on acceptance. */
export const invite = (actor: string, invitee: string, roles?: string[]): CommandOf<'invite'> => ({
  kind: 'invite',
  actor,
  invitee,
  ...(roles ? { roles } : {}),
})

/** Assigning a member to contexts (`add`) and unassigning them (`remove`). */
export const assignContexts = (
  actor: string,
  target: string,
  add: string[] = [],
  remove: string[] = [],
): CommandOf<'contexts.assign'> => ({ kind: 'contexts.assign', actor, target, add, remove })

/** Creating a team or a folder. */
export const createContext = (
  actor: string,
  contextKind: 'team' | 'folder',
  context: string,
): CommandOf<'context.create'> => ({ kind: 'context.create', actor, contextKind, context })

/** Approving an anonymization case. */
export const approveCase = (actor: string, caseId: string): CommandOf<'case.approve'> => ({
  kind: 'case.approve',
  actor,
  caseId,
})

/** The denial, or a failed test if the decision allowed it. */
export function denied(d: Decision): Denied {
  if (d.ok) throw new Error('expected a denial')
  return d
}

/** A denial's sentence in both locales, with the model's labels. */
export const inBothLocales = (d: Denied, model: RoleModel) => ({
  en: explain(d, { model, locale: 'en' }),
  de: explain(d, { model, locale: 'de' }),
})

/** Registers one test per row: the decision for the row's state and command summarizes to `want`. */
export function decides<C>(cases: Case<C>[], decideWith: (state: OrgState, cmd: C) => Decision): void {
  for (const [name, state, cmd, want] of cases) test(name, () => expect(summarize(decideWith(state, cmd))).toBe(want))
}
