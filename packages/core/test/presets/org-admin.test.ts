import { describe, expect, test } from 'vitest'
import {
  type AssignContextsCommand,
  anonymizationApprovers,
  can,
  decide,
  decideApproveCase,
  decideAssignContexts,
  decideGrant,
  decideInvite,
  decideRemoveMember,
  decideRevoke,
  decideTransferRequest,
  explain,
  type GrantCommand,
  type InviteCommand,
  orgAdmin,
  type RemoveMemberCommand,
  type RevokeCommand,
  recipients,
} from '../../src/index.js'
import {
  approveCase,
  assignContexts,
  type Case,
  caseAbout,
  decides,
  denied,
  grant,
  invite,
  org,
  removeMember,
  requestTransfer,
  revoke,
  sorted,
  summarize,
  verdict,
} from '../fixtures.js'

// ada and abe are admins; bil is a billing admin; uma a user admin; mo and mae plain members (mo works in
// the sales workspace); ivy is a pending invitee, ext never a member.
const base = org(
  { admin: ['ada', 'abe'], billing_admin: ['bil'], user_admin: ['uma'] },
  {
    members: ['mo', 'mae'],
    status: { ivy: 'invited', ext: 'none' },
    contextAssignments: [{ principal: 'mo', context: 'workspace:sales' }],
  },
)
// The same org with one admin.
const soloAdmin = org({ admin: ['ada'], billing_admin: ['bil'], user_admin: ['uma'] }, { members: ['mo'] })

const workspaces = (n: number) => Array.from({ length: n }, (_, i) => `workspace:w${i + 1}`)

describe('org-admin: decideGrant', () => {
  const cases: Case<GrantCommand>[] = [
    ['an admin grants admin to a member', base, grant('ada', 'admin', 'mo'), 'grant admin mo'],
    ['an admin grants billing_admin', base, grant('ada', 'billing_admin', 'mo'), 'grant billing_admin mo'],
    ['an admin grants user_admin', base, grant('abe', 'user_admin', 'mo'), 'grant user_admin mo'],
    [
      'a user admin may not promote: granting billing_admin is NOT_AUTHORIZED',
      base,
      grant('uma', 'billing_admin', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a user admin may not promote: granting admin is NOT_AUTHORIZED',
      base,
      grant('uma', 'admin', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a billing admin may not grant roles', base, grant('bil', 'billing_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a member may not grant roles', base, grant('mo', 'admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'admin goes to active members only: a pending invitee is NOT_A_MEMBER',
      base,
      grant('ada', 'admin', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'billing_admin goes to active members only: a non-member is NOT_A_MEMBER',
      base,
      grant('ada', 'billing_admin', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'user_admin goes to active members only: a pending invitee is NOT_A_MEMBER',
      base,
      grant('ada', 'user_admin', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    ['member is the default, not granted', base, grant('ada', 'member', 'ivy'), 'denied: NOT_AUTHORIZED'],
    ['granting a role already held changes nothing', base, grant('ada', 'billing_admin', 'bil'), 'unchanged'],
    [
      'a user admin granting a held role is still NOT_AUTHORIZED',
      base,
      grant('uma', 'billing_admin', 'bil'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a role the model does not know is UNKNOWN_ROLE', base, grant('ada', 'owner', 'mo'), 'denied: UNKNOWN_ROLE'],
  ]
  decides(cases, (state, cmd) => decideGrant(orgAdmin, state, cmd))

  test('with exactly one admin, an allowed change carries a warning recommending a second', () => {
    const d = decideGrant(orgAdmin, soloAdmin, grant('ada', 'billing_admin', 'mo'))
    expect(d.ok && d.warnings).toEqual([
      { code: 'BELOW_RECOMMENDED', params: { role: 'admin', limit: 2, requested: 1 } },
    ])
  })

  test('granting a second admin carries no warning', () => {
    const d = decideGrant(orgAdmin, soloAdmin, grant('ada', 'admin', 'mo'))
    expect(d.ok && d.warnings).toEqual([])
  })
})

describe('org-admin: decideRevoke', () => {
  const cases: Case<RevokeCommand>[] = [
    ['an admin revokes another admin while one remains', base, revoke('ada', 'admin', 'abe'), 'revoke admin abe'],
    ['an admin gives up admin while another remains', base, revoke('ada', 'admin', 'ada'), 'revoke admin ada'],
    [
      'the last admin cannot give up admin: LAST_HOLDER',
      soloAdmin,
      revoke('ada', 'admin', 'ada'),
      'denied: LAST_HOLDER',
    ],
    ['an admin revokes billing_admin', base, revoke('ada', 'billing_admin', 'bil'), 'revoke billing_admin bil'],
    ['an admin revokes user_admin', base, revoke('abe', 'user_admin', 'uma'), 'revoke user_admin uma'],
    [
      'a user admin may not demote: revoking billing_admin is NOT_AUTHORIZED',
      base,
      revoke('uma', 'billing_admin', 'bil'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a billing admin may not revoke roles', base, revoke('bil', 'user_admin', 'uma'), 'denied: NOT_AUTHORIZED'],
  ]
  decides(cases, (state, cmd) => decideRevoke(orgAdmin, state, cmd))

  test('the last admin is LAST_HOLDER naming admin', () => {
    expect(decideRevoke(orgAdmin, soloAdmin, revoke('ada', 'admin', 'ada'))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'admin' },
      allowedRoles: ['admin'],
    })
  })

  test('leaving exactly one admin carries a warning recommending a second', () => {
    const d = decideRevoke(orgAdmin, base, revoke('ada', 'admin', 'abe'))
    expect(d.ok && d.warnings.map((w) => w.code)).toEqual(['BELOW_RECOMMENDED'])
  })

  test('a user admin asking to demote is NOT_AUTHORIZED with an admin as contact', () => {
    expect(decideRevoke(orgAdmin, base, revoke('uma', 'billing_admin', 'bil'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['admin'],
      contact: 'ada',
    })
  })
})

describe('org-admin: decideInvite', () => {
  const cases: Case<InviteCommand>[] = [
    ['a user admin invites a plain member', base, invite('uma', 'nia'), 'invite nia'],
    ['a user admin invites explicitly as member', base, invite('uma', 'nia', ['member']), 'invite nia'],
    [
      'a user admin inviting with a role is TARGET_OUT_OF_REACH',
      base,
      invite('uma', 'nia', ['billing_admin']),
      'denied: TARGET_OUT_OF_REACH',
    ],
    [
      'a user admin inviting as admin is TARGET_OUT_OF_REACH',
      base,
      invite('uma', 'nia', ['admin']),
      'denied: TARGET_OUT_OF_REACH',
    ],
    ['an admin invites with a role', base, invite('ada', 'nia', ['billing_admin']), 'invite nia as billing_admin'],
    ['an admin invites a plain member', base, invite('ada', 'nia'), 'invite nia'],
    ['a billing admin may not invite', base, invite('bil', 'nia'), 'denied: NOT_AUTHORIZED'],
    ['a member may not invite', base, invite('mo', 'nia'), 'denied: NOT_AUTHORIZED'],
    [
      'a user admin inviting with an unknown role is UNKNOWN_ROLE',
      base,
      invite('uma', 'nia', ['owner']),
      'denied: UNKNOWN_ROLE',
    ],
  ]
  decides(cases, (state, cmd) => decideInvite(orgAdmin, state, cmd))
})

describe('org-admin: decideRemoveMember', () => {
  const cases: Case<RemoveMemberCommand>[] = [
    [
      'a user admin removes a plain member, ending their workspace access',
      base,
      removeMember('uma', 'mo'),
      'unassign mo workspace:sales; terminate mo; open case mo',
    ],
    [
      'a user admin removes a plain member without workspaces',
      base,
      removeMember('uma', 'mae'),
      'terminate mae; open case mae',
    ],
    [
      'a user admin removing a billing admin is TARGET_OUT_OF_REACH',
      base,
      removeMember('uma', 'bil'),
      'denied: TARGET_OUT_OF_REACH',
    ],
    [
      'a user admin removing an admin is TARGET_OUT_OF_REACH',
      base,
      removeMember('uma', 'abe'),
      'denied: TARGET_OUT_OF_REACH',
    ],
    [
      'an admin removes a billing admin, revoking the role',
      base,
      removeMember('ada', 'bil'),
      'revoke billing_admin bil; terminate bil; open case bil',
    ],
    [
      'an admin removes another admin while one remains',
      base,
      removeMember('ada', 'abe'),
      'revoke admin abe; terminate abe; open case abe',
    ],
    [
      'an admin removes a plain member',
      base,
      removeMember('abe', 'mo'),
      'unassign mo workspace:sales; terminate mo; open case mo',
    ],
    [
      'nobody removes themselves: an admin leaving is SELF_REMOVAL_FORBIDDEN',
      base,
      removeMember('ada', 'ada'),
      'denied: SELF_REMOVAL_FORBIDDEN',
    ],
    // Leaving is not an exercise of the remove right (multi-owner members leave without it), so the user admin's
    // target limit does not apply to themselves; the engine answers with the self rule, and so does this case.
    [
      'nobody removes themselves: a user admin leaving is SELF_REMOVAL_FORBIDDEN',
      base,
      removeMember('uma', 'uma'),
      'denied: SELF_REMOVAL_FORBIDDEN',
    ],
    [
      'nobody removes themselves: a member leaving is SELF_REMOVAL_FORBIDDEN',
      base,
      removeMember('mo', 'mo'),
      'denied: SELF_REMOVAL_FORBIDDEN',
    ],
    ['a billing admin may not remove users', base, removeMember('bil', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a member may not remove users', base, removeMember('mo', 'mae'), 'denied: NOT_AUTHORIZED'],
    ['removing someone who is not a member is NOT_A_MEMBER', base, removeMember('ada', 'ext'), 'denied: NOT_A_MEMBER'],
  ]
  decides(cases, (state, cmd) => decideRemoveMember(orgAdmin, state, cmd))
})

describe('org-admin: decideAssignContexts', () => {
  const cases: Case<AssignContextsCommand>[] = [
    [
      'a user admin assigns a member to a workspace',
      base,
      assignContexts('uma', 'mae', ['workspace:sales']),
      'assign mae workspace:sales',
    ],
    [
      'a user admin edits any user’s workspaces, an admin’s too',
      base,
      assignContexts('uma', 'ada', ['workspace:sales']),
      'assign ada workspace:sales',
    ],
    [
      'an admin unassigns a workspace',
      base,
      assignContexts('ada', 'mo', [], ['workspace:sales']),
      'unassign mo workspace:sales',
    ],
    [
      'ten workspace assignments fit in one request',
      base,
      assignContexts('uma', 'mae', workspaces(10)),
      workspaces(10)
        .map((w) => `assign mae ${w}`)
        .join('; '),
    ],
    [
      '11 workspace assignments are BATCH_LIMIT',
      base,
      assignContexts('uma', 'mae', workspaces(11)),
      'denied: BATCH_LIMIT',
    ],
    [
      'additions and removals count together toward the limit',
      base,
      assignContexts('ada', 'mo', workspaces(6), ['workspace:sales', ...workspaces(10).slice(6)]),
      'denied: BATCH_LIMIT',
    ],
    [
      'assigning a workspace already assigned changes nothing',
      base,
      assignContexts('uma', 'mo', ['workspace:sales']),
      'unchanged',
    ],
    [
      'a billing admin may not assign workspaces',
      base,
      assignContexts('bil', 'mo', ['workspace:sales']),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a pending invitee cannot be assigned yet: NOT_A_MEMBER',
      base,
      assignContexts('ada', 'ivy', ['workspace:sales']),
      'denied: NOT_A_MEMBER',
    ],
  ]
  decides(cases, (state, cmd) => decideAssignContexts(orgAdmin, state, cmd))
})

describe('org-admin: can', () => {
  // The four areas: general / users / spaces / billing.
  const cases: [name: string, actor: string, action: string, want: string][] = [
    ['an admin manages general settings', 'ada', 'settings.manage', 'allowed'],
    ['an admin manages users', 'ada', 'users.manage', 'allowed'],
    ['an admin manages workspaces', 'ada', 'spaces.manage', 'allowed'],
    ['an admin manages billing', 'ada', 'billing.manage', 'allowed'],
    ['an admin cancels the subscription', 'ada', 'subscription.cancel', 'allowed'],
    ['an admin deletes the org', 'ada', 'org.delete', 'allowed'],
    ['a billing admin views general settings (limited)', 'bil', 'settings.view', 'allowed'],
    ['a billing admin does not manage general settings', 'bil', 'settings.manage', 'denied: NOT_AUTHORIZED'],
    ['a billing admin views users', 'bil', 'users.view', 'allowed'],
    ['a billing admin does not manage users', 'bil', 'users.manage', 'denied: NOT_AUTHORIZED'],
    ['a billing admin views workspaces', 'bil', 'spaces.view', 'allowed'],
    ['a billing admin does not manage workspaces', 'bil', 'spaces.manage', 'denied: NOT_AUTHORIZED'],
    ['a billing admin manages billing in full', 'bil', 'billing.manage', 'allowed'],
    ['a billing admin manages the subscription', 'bil', 'subscription.manage', 'allowed'],
    ['a billing admin does not cancel the subscription', 'bil', 'subscription.cancel', 'denied: NOT_AUTHORIZED'],
    ['a billing admin does not delete the org', 'bil', 'org.delete', 'denied: NOT_AUTHORIZED'],
    ['a user admin views general settings (limited)', 'uma', 'settings.view', 'allowed'],
    ['a user admin does not manage general settings', 'uma', 'settings.manage', 'denied: NOT_AUTHORIZED'],
    ['a user admin manages users (limited)', 'uma', 'users.manage', 'allowed'],
    ['a user admin manages workspaces in full', 'uma', 'spaces.manage', 'allowed'],
    ['a user admin views billing', 'uma', 'billing.view', 'allowed'],
    ['a user admin does not manage billing', 'uma', 'billing.manage', 'denied: NOT_AUTHORIZED'],
    ['a user admin edits workspace assignments', 'uma', 'workspaces.assign', 'allowed'],
    ['a member has no settings access', 'mo', 'settings.view', 'denied: NOT_AUTHORIZED'],
    ['a member has no billing access', 'mo', 'billing.view', 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, actor, action, want] of cases) {
    test(name, () => expect(verdict(can(orgAdmin, base, actor, action))).toBe(want))
  }
})

describe('org-admin: decideTransferRequest', () => {
  // The spec names no transfer-only role in org-admin; the engine answers that admin is granted directly.
  test('admin is not transferred but granted: NOT_AUTHORIZED', () => {
    expect(summarize(decideTransferRequest(orgAdmin, base, requestTransfer('ada', 'mo')))).toBe(
      'denied: NOT_AUTHORIZED',
    )
  })
})

describe('org-admin: anonymization and routing', () => {
  const open = org(
    { admin: ['ada', 'abe'], user_admin: ['uma'] },
    { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] },
  )
  const approve = (actor: string) => approveCase(actor, 'c1')

  test('the approvers are the admins', () =>
    expect(sorted(anonymizationApprovers(orgAdmin, open))).toEqual(['abe', 'ada']))
  test('membership terminations go to the approvers', () =>
    expect(sorted(recipients(orgAdmin, open, 'membership.terminated'))).toEqual(['abe', 'ada']))
  test('org messages go to the admins', () =>
    expect(sorted(recipients(orgAdmin, open, 'org.messages'))).toEqual(['abe', 'ada']))

  test('decideApproveCase: an admin approves and the subject is anonymized', () =>
    expect(summarize(decideApproveCase(orgAdmin, open, approve('ada')))).toBe('approve c1 1/1; anonymize zed'))
  test('decideApproveCase: a user admin is not an approver: NOT_AUTHORIZED', () =>
    expect(summarize(decideApproveCase(orgAdmin, open, approve('uma')))).toBe('denied: NOT_AUTHORIZED'))
})

describe('org-admin: which denial wins (decide)', () => {
  const cases: Case[] = [
    [
      '1 before 2: a user admin inviting with a role the model does not know is UNKNOWN_ROLE',
      base,
      invite('uma', 'nia', ['owner']),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '1 before 2: a member granting a role the model does not know is UNKNOWN_ROLE',
      base,
      grant('mo', 'owner', 'mo'),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '2 before 4: a member asking for 11 assignments is NOT_AUTHORIZED, not BATCH_LIMIT',
      base,
      assignContexts('mo', 'mo', workspaces(11)),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: 11 assignments for a non-member are BATCH_LIMIT, not NOT_A_MEMBER',
      base,
      assignContexts('ada', 'ext', workspaces(11)),
      'denied: BATCH_LIMIT',
    ],
    [
      '2 before 5: a user admin granting user_admin to a pending invitee is NOT_AUTHORIZED, not NOT_A_MEMBER',
      base,
      grant('uma', 'user_admin', 'ivy'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 6: a user admin revoking the last admin is NOT_AUTHORIZED, not LAST_HOLDER',
      soloAdmin,
      revoke('uma', 'admin', 'ada'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '5 before 6: a user admin removing the last admin is TARGET_OUT_OF_REACH, not LAST_HOLDER',
      soloAdmin,
      removeMember('uma', 'ada'),
      'denied: TARGET_OUT_OF_REACH',
    ],
    [
      '5 before 6: the last admin removing themselves is SELF_REMOVAL_FORBIDDEN, not LAST_HOLDER',
      soloAdmin,
      removeMember('ada', 'ada'),
      'denied: SELF_REMOVAL_FORBIDDEN',
    ],
  ]
  decides(cases, (state, cmd) => decide(orgAdmin, state, cmd))
})

describe('org-admin: explain', () => {
  test('TARGET_OUT_OF_REACH for inviting with a role reads in English and German, naming the role', () => {
    const d = denied(decideInvite(orgAdmin, base, invite('uma', 'nia', ['billing_admin'])))
    expect(explain(d, { model: orgAdmin, locale: 'en' })).toContain('Billing admin')
    expect(explain(d, { model: orgAdmin, locale: 'de' })).toContain('Rechnungs-Admin')
  })

  test('a user admin asked to demote reads in both languages, naming an admin to ask', () => {
    const d = denied(decideRevoke(orgAdmin, base, revoke('uma', 'billing_admin', 'bil')))
    expect(explain(d, { model: orgAdmin, locale: 'en' })).toMatch(/\bada\b/)
    expect(explain(d, { model: orgAdmin, locale: 'de' })).toMatch(/\bada\b/)
  })

  test('SELF_REMOVAL_FORBIDDEN reads as a sentence in both languages', () => {
    const d = denied(decideRemoveMember(orgAdmin, base, removeMember('mo', 'mo')))
    expect(explain(d, { model: orgAdmin, locale: 'en' })).not.toBe('')
    expect(explain(d, { model: orgAdmin, locale: 'de' })).not.toBe('')
  })
})
