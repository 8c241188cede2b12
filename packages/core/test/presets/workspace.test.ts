import { describe, expect, test } from 'vitest'
import {
  type ApproveCaseCommand,
  anonymizationApprovers,
  type CreateContextCommand,
  can,
  decide,
  decideAcceptInvitation,
  decideApproveCase,
  decideCreateContext,
  decideGrant,
  decideInvite,
  decideRemoveMember,
  decideRevoke,
  decideTransferRequest,
  decideTransferRespond,
  explain,
  type GrantCommand,
  type InviteCommand,
  type RemoveMemberCommand,
  type RevokeCommand,
  recipients,
  type TransferRequestCommand,
  type TransferRespondCommand,
  workspace,
} from '../../src/index.js'
import {
  approveCase,
  type Case,
  caseAbout,
  createContext,
  daysAfter,
  decides,
  denied,
  grant,
  inBothLocales,
  invite,
  NOW,
  org,
  pendingTransfer,
  removeMember,
  requestTransfer,
  respond,
  revoke,
  sorted,
  summarize,
  verdict,
} from '../fixtures.js'

// al owns the workspace (and so is a super admin); sam and sia are super admins; ada administers; mo is
// a plain member, ivy a pending invitee, ext never a member.
const base = org(
  { owner: ['al'], super_admin: ['sam', 'sia'], admin: ['ada'] },
  { members: ['mo'], status: { ivy: 'invited', ext: 'none' } },
)
const onlyOwner = org({ owner: ['al'] }, { members: ['mo'] })

describe('workspace: decideGrant', () => {
  const cases: Case<GrantCommand>[] = [
    // owner: exactly one, members only, transfer only
    [
      'the owner role moves only by transfer: the owner granting it is TRANSFER_REQUIRED',
      base,
      grant('al', 'owner', 'sam'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      'a super admin asking to grant owner is NOT_AUTHORIZED',
      base,
      grant('sam', 'owner', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    // super_admin: owner or super admin; members only
    ['the owner grants super_admin to a member', base, grant('al', 'super_admin', 'mo'), 'grant super_admin mo'],
    ['a super admin grants super_admin', base, grant('sam', 'super_admin', 'ada'), 'grant super_admin ada'],
    ['an admin may not grant super_admin', base, grant('ada', 'super_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a member may not grant super_admin', base, grant('mo', 'super_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'super_admin goes to active members only: a pending invitee is NOT_A_MEMBER',
      base,
      grant('al', 'super_admin', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'super_admin goes to active members only: a non-member is NOT_A_MEMBER',
      base,
      grant('al', 'super_admin', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'the owner already is a super admin: granting it changes nothing',
      base,
      grant('sam', 'super_admin', 'al'),
      'unchanged',
    ],
    // admin: super admin; members only
    ['a super admin grants admin', base, grant('sia', 'admin', 'mo'), 'grant admin mo'],
    [
      'the owner grants admin, being a super admin through ownership',
      onlyOwner,
      grant('al', 'admin', 'mo'),
      'grant admin mo',
    ],
    ['an admin may not grant admin', base, grant('ada', 'admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'admin goes to active members only: a pending invitee is NOT_A_MEMBER',
      base,
      grant('sam', 'admin', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'admin goes to active members only: a non-member is NOT_A_MEMBER',
      base,
      grant('sam', 'admin', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
    // member: only by accepting an invitation
    [
      'member is not granted; it comes with accepting an invitation',
      base,
      grant('al', 'member', 'ext'),
      'denied: NOT_AUTHORIZED',
    ],
    // already held, unknown
    ['granting a role already held changes nothing', base, grant('sam', 'admin', 'ada'), 'unchanged'],
    [
      'an admin granting a held super_admin is still NOT_AUTHORIZED',
      base,
      grant('ada', 'super_admin', 'sam'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a role the model does not know is UNKNOWN_ROLE', base, grant('al', 'co_owner', 'mo'), 'denied: UNKNOWN_ROLE'],
  ]
  decides(cases, (state, cmd) => decideGrant(workspace, state, cmd))

  test('a super admin asking to grant owner is NOT_AUTHORIZED with the owner as contact', () => {
    expect(decideGrant(workspace, base, grant('sam', 'owner', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['owner'],
      contact: 'al',
    })
  })

  test('a missing right names the owner as contact', () => {
    expect(decideGrant(workspace, base, grant('ada', 'admin', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['super_admin'],
      contact: 'al',
    })
  })
})

describe('workspace: decideRevoke', () => {
  const explicitOwnerSuper = org({ owner: ['al'], super_admin: ['al', 'sam'] })
  const cases: Case<RevokeCommand>[] = [
    [
      'revoking super_admin from the owner is IMPLIED_ROLE',
      base,
      revoke('sam', 'super_admin', 'al'),
      'denied: IMPLIED_ROLE',
    ],
    [
      'the owner revoking their own super_admin is IMPLIED_ROLE',
      base,
      revoke('al', 'super_admin', 'al'),
      'denied: IMPLIED_ROLE',
    ],
    [
      'an owner also holding super_admin explicitly keeps it through ownership: IMPLIED_ROLE',
      explicitOwnerSuper,
      revoke('sam', 'super_admin', 'al'),
      'denied: IMPLIED_ROLE',
    ],
    ['a super admin revokes another super admin', base, revoke('sam', 'super_admin', 'sia'), 'revoke super_admin sia'],
    ['the owner revokes a super admin', base, revoke('al', 'super_admin', 'sam'), 'revoke super_admin sam'],
    [
      'a super admin gives up super_admin, the owner remaining one',
      base,
      revoke('sam', 'super_admin', 'sam'),
      'revoke super_admin sam',
    ],
    [
      'the only explicit super admin gives up super_admin: the owner remains one',
      org({ owner: ['al'], super_admin: ['sam'] }),
      revoke('sam', 'super_admin', 'sam'),
      'revoke super_admin sam',
    ],
    ['an admin may not revoke super_admin', base, revoke('ada', 'super_admin', 'sam'), 'denied: NOT_AUTHORIZED'],
    ['a super admin revokes admin', base, revoke('sia', 'admin', 'ada'), 'revoke admin ada'],
    ['an admin may not revoke admin', base, revoke('ada', 'admin', 'ada'), 'denied: NOT_AUTHORIZED'],
    [
      'the owner role moves only by transfer: the owner revoking it is TRANSFER_REQUIRED',
      base,
      revoke('al', 'owner', 'al'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      'a super admin asking to revoke owner is NOT_AUTHORIZED',
      base,
      revoke('sam', 'owner', 'al'),
      'denied: NOT_AUTHORIZED',
    ],
  ]
  decides(cases, (state, cmd) => decideRevoke(workspace, state, cmd))

  test('IMPLIED_ROLE names owner as the role super_admin goes with', () => {
    expect(decideRevoke(workspace, base, revoke('sam', 'super_admin', 'al'))).toMatchObject({
      code: 'IMPLIED_ROLE',
      params: { role: 'super_admin', target: 'al', impliedBy: 'owner' },
    })
  })
})

describe('workspace: decideTransferRequest', () => {
  const pending = org(
    { owner: ['al'], super_admin: ['sam'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'al', 'sam')] },
  )
  const cases: Case<TransferRequestCommand>[] = [
    ['the owner starts a transfer to a super admin', base, requestTransfer('al', 'sam'), 'request owner al->sam'],
    ['the owner starts a transfer to a plain member', base, requestTransfer('al', 'mo'), 'request owner al->mo'],
    [
      'a super admin may not start a transfer: NOT_AUTHORIZED',
      base,
      requestTransfer('sam', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a recipient who is a pending invitee is NOT_A_MEMBER at request',
      base,
      requestTransfer('al', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'a recipient who was never a member is NOT_A_MEMBER at request',
      base,
      requestTransfer('al', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'one open transfer per org: a second one is TRANSFER_PENDING',
      pending,
      requestTransfer('al', 'mo'),
      'denied: TRANSFER_PENDING',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRequest(workspace, state, cmd))

  test('a super admin starting a transfer is NOT_AUTHORIZED with the owner as contact', () => {
    expect(decideTransferRequest(workspace, base, requestTransfer('sia', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'al',
    })
  })

  test('a transfer expires 7 days after it is requested', () => {
    expect(decideTransferRequest(workspace, base, requestTransfer('al', 'mo'))).toMatchObject({
      effects: [{ kind: 'transfer.requested', expiresAt: daysAfter(NOW, 7) }],
    })
  })
})

describe('workspace: decideTransferRespond', () => {
  const open = org(
    { owner: ['al'], super_admin: ['sam'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'al', 'mo')] },
  )
  const cases: Case<TransferRespondCommand>[] = [
    [
      'the recipient accepts; the former owner stays a super admin',
      open,
      respond('accept', 'mo', 't1'),
      'accept t1; revoke owner al; grant owner mo; grant super_admin al',
    ],
    ['the recipient declines', open, respond('decline', 'mo', 't1'), 'transfer.declined'],
    ['the initiator cancels', open, respond('cancel', 'al', 't1'), 'transfer.cancelled'],
    [
      'only the recipient accepts: a super admin accepting is NOT_AUTHORIZED',
      open,
      respond('accept', 'sam', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'after 7 days the transfer has expired: TRANSFER_CLOSED',
      open,
      respond('accept', 'mo', 't1', daysAfter(NOW, 7)),
      'denied: TRANSFER_CLOSED',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRespond(workspace, state, cmd))

  test('a super admin who accepts ownership holds super_admin through it, and the former owner keeps super_admin', () => {
    const toSuper = org({ owner: ['al'], super_admin: ['sam'] }, { transfers: [pendingTransfer('t1', 'al', 'sam')] })
    const d = decideTransferRespond(workspace, toSuper, respond('accept', 'sam', 't1'))
    expect(summarize(d)).toContain('grant owner sam')
    expect(summarize(d)).toContain('grant super_admin al')
  })
})

describe('workspace: decideInvite and decideAcceptInvitation', () => {
  const cases: Case<InviteCommand>[] = [
    ['an admin invites a member', base, invite('ada', 'nia'), 'invite nia'],
    ['a super admin invites a member', base, invite('sam', 'nia'), 'invite nia'],
    ['a super admin invites someone to become an admin', base, invite('sam', 'nia', ['admin']), 'invite nia as admin'],
    ['an admin may not invite someone as admin', base, invite('ada', 'nia', ['admin']), 'denied: NOT_AUTHORIZED'],
    ['a member may not invite', base, invite('mo', 'nia'), 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, state, cmd, want] of cases) {
    test(`decideInvite: ${name}`, () => expect(summarize(decideInvite(workspace, state, cmd))).toBe(want))
  }

  test('decideAcceptInvitation: an invitee becomes a member by accepting an invitation from an admin', () => {
    expect(summarize(decideAcceptInvitation(workspace, base, { actor: 'ivy', invitedBy: 'ada' }))).toBe('activate ivy')
  })

  test('decideAcceptInvitation: accepting an invitation as admin from a super admin grants admin', () => {
    expect(
      summarize(decideAcceptInvitation(workspace, base, { actor: 'ivy', invitedBy: 'sam', roles: ['admin'] })),
    ).toBe('activate ivy; grant admin ivy')
  })
})

describe('workspace: decideCreateContext', () => {
  const roles = { owner: ['al'], super_admin: ['sam'], admin: ['ada'] }
  const room = org(roles, { members: ['mo'], quotas: { maxTeams: 3, maxFolders: 5 }, usage: { teams: 2, folders: 4 } })
  const full = org(roles, { members: ['mo'], quotas: { maxTeams: 3, maxFolders: 5 }, usage: { teams: 3, folders: 5 } })
  const cases: Case<CreateContextCommand>[] = [
    ['an admin creates a team within the quota', room, createContext('ada', 'team', 'team:ops'), 'context.created'],
    [
      'an admin creates a folder within the quota',
      room,
      createContext('ada', 'folder', 'folder:q3'),
      'context.created',
    ],
    [
      'a super admin creates a team within the quota',
      room,
      createContext('sam', 'team', 'team:ops'),
      'context.created',
    ],
    [
      'a team beyond the plan’s quota is QUOTA_EXCEEDED',
      full,
      createContext('ada', 'team', 'team:ops'),
      'denied: QUOTA_EXCEEDED',
    ],
    [
      'a folder beyond the plan’s quota is QUOTA_EXCEEDED',
      full,
      createContext('ada', 'folder', 'folder:q3'),
      'denied: QUOTA_EXCEEDED',
    ],
    ['a member may not create a team', room, createContext('mo', 'team', 'team:ops'), 'denied: NOT_AUTHORIZED'],
    // The spec is silent on an org without a plan quota; the engine sets no limit then.
    [
      'without a quota in the plan, teams are not limited',
      base,
      createContext('ada', 'team', 'team:ops'),
      'context.created',
    ],
  ]
  decides(cases, (state, cmd) => decideCreateContext(workspace, state, cmd))

  test('the display name travels with the created context', () => {
    const named = decideCreateContext(workspace, room, { ...createContext('ada', 'team', 'team:ops'), name: 'Ops' })
    expect(named).toMatchObject({ ok: true, effects: [{ kind: 'context.created', context: 'team:ops', name: 'Ops' }] })
  })
})

describe('workspace: can', () => {
  const licensed = org(
    { owner: ['al'], super_admin: ['sam'], admin: ['ada'] },
    { members: ['mo'], features: { licensing: true } },
  )
  const cases: [name: string, state: typeof base, actor: string, action: string, want: string][] = [
    ['the owner purchases licenses when licensing is on', licensed, 'al', 'licenses.purchase', 'allowed'],
    [
      'without licensing, the owner purchasing is FEATURE_DISABLED',
      base,
      'al',
      'licenses.purchase',
      'denied: FEATURE_DISABLED',
    ],
    ['a super admin has no licensing', licensed, 'sam', 'licenses.purchase', 'denied: NOT_AUTHORIZED'],
    [
      'a super admin without licensing is NOT_AUTHORIZED before FEATURE_DISABLED',
      base,
      'sam',
      'licenses.purchase',
      'denied: NOT_AUTHORIZED',
    ],
    ['the owner manages payment details', base, 'al', 'billing.manage', 'allowed'],
    ['the owner manages the subscription', base, 'al', 'subscription.manage', 'allowed'],
    ['only the owner deletes the workspace', base, 'al', 'workspace.delete', 'allowed'],
    ['a super admin may not delete the workspace', base, 'sam', 'workspace.delete', 'denied: NOT_AUTHORIZED'],
    ['the owner administers all teams, as a super admin', base, 'al', 'teams.administer', 'allowed'],
    ['a super admin administers all teams', base, 'sam', 'teams.administer', 'allowed'],
    ['a super admin changes general settings', base, 'sam', 'settings.manage', 'allowed'],
    ['an admin does not administer all teams', base, 'ada', 'teams.administer', 'denied: NOT_AUTHORIZED'],
    ['an admin views general settings', base, 'ada', 'settings.view', 'allowed'],
    ['an admin views member management', base, 'ada', 'members.view', 'allowed'],
    ['an admin invites members', base, 'ada', 'members.invite', 'allowed'],
    ['an admin removes members', base, 'ada', 'members.remove', 'allowed'],
    ['an admin does not change general settings', base, 'ada', 'settings.manage', 'denied: NOT_AUTHORIZED'],
    ['a member collaborates on tasks', base, 'mo', 'tasks.create', 'allowed'],
    ['a member collaborates in meetings', base, 'mo', 'meetings.create', 'allowed'],
    ['a member makes no changes to settings', base, 'mo', 'settings.manage', 'denied: NOT_AUTHORIZED'],
    ['a member creates no folders', base, 'mo', 'folders.create', 'denied: NOT_AUTHORIZED'],
    ['a pending invitee does not collaborate yet', base, 'ivy', 'tasks.create', 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, state, actor, action, want] of cases) {
    test(name, () => expect(verdict(can(workspace, state, actor, action))).toBe(want))
  }
})

describe('workspace: decideRemoveMember', () => {
  const pending = org(
    { owner: ['al'], super_admin: ['sam'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'al', 'mo')] },
  )
  const assigned = org(
    { owner: ['al'], admin: ['ada'] },
    { contextAssignments: [{ principal: 'ada', context: 'team:ops' }] },
  )
  const cases: Case<RemoveMemberCommand>[] = [
    [
      'removal revokes every role, unassigns teams, ends membership and opens a case',
      assigned,
      removeMember('al', 'ada'),
      'revoke admin ada; unassign ada team:ops; terminate ada; open case ada',
    ],
    ['an admin removes a member', base, removeMember('ada', 'mo'), 'terminate mo; open case mo'],
    [
      'removing the recipient of a transfer voids it',
      pending,
      removeMember('sam', 'mo'),
      'transfer.voided; terminate mo; open case mo',
    ],
    ['the owner cannot leave: LAST_HOLDER', base, removeMember('al', 'al'), 'denied: LAST_HOLDER'],
    ['the owner cannot be removed: LAST_HOLDER', base, removeMember('sam', 'al'), 'denied: LAST_HOLDER'],
    ['a member may not remove others', base, removeMember('mo', 'ada'), 'denied: NOT_AUTHORIZED'],
  ]
  decides(cases, (state, cmd) => decideRemoveMember(workspace, state, cmd))

  test('removing the owner is LAST_HOLDER naming owner', () => {
    expect(decideRemoveMember(workspace, base, removeMember('sam', 'al'))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'owner' },
    })
  })
})

describe('workspace: anonymization', () => {
  const open = org(
    { owner: ['al'], super_admin: ['sam'], admin: ['ada'] },
    { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] },
  )
  const approve = (actor: string) => approveCase(actor, 'c1')

  test('the approvers are the owner and the super admins', () => {
    expect(sorted(anonymizationApprovers(workspace, open))).toEqual(['al', 'sam'])
  })

  test('membership terminations go to the approvers', () => {
    expect(sorted(recipients(workspace, open, 'membership.terminated'))).toEqual(['al', 'sam'])
  })

  const cases: Case<ApproveCaseCommand>[] = [
    ['a super admin approves and the subject is anonymized', open, approve('sam'), 'approve c1 1/1; anonymize zed'],
    ['the owner approves', open, approve('al'), 'approve c1 1/1; anonymize zed'],
    ['an admin is not an approver: NOT_AUTHORIZED', open, approve('ada'), 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, state, cmd, want] of cases) {
    test(`decideApproveCase: ${name}`, () => expect(summarize(decideApproveCase(workspace, state, cmd))).toBe(want))
  }
})

describe('workspace: recipients', () => {
  test('org messages go to the owner', () => expect(recipients(workspace, base, 'org.messages')).toEqual(['al']))
  test('the missing-permission contact is the owner', () =>
    expect(recipients(workspace, base, 'permission.contact')).toEqual(['al']))
})

describe('workspace: which denial wins (decide)', () => {
  const pending = org(
    { owner: ['al'] },
    { members: ['mo'], status: { ivy: 'invited' }, transfers: [pendingTransfer('t1', 'al', 'mo')] },
  )
  const full = org(
    { owner: ['al'], admin: ['ada'] },
    { members: ['mo'], quotas: { maxFolders: 5 }, usage: { folders: 5 } },
  )
  const cases: Case[] = [
    [
      '1 before 2: an admin asking for a role the model does not know is UNKNOWN_ROLE',
      base,
      grant('ada', 'co_owner', 'mo'),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '2 before 3: a super admin asking to grant owner is NOT_AUTHORIZED, not TRANSFER_REQUIRED',
      base,
      grant('sam', 'owner', 'sam'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 4: a member creating a folder over the quota is NOT_AUTHORIZED, not QUOTA_EXCEEDED',
      full,
      createContext('mo', 'folder', 'folder:q3'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: a second transfer to a pending invitee is TRANSFER_PENDING, not NOT_A_MEMBER',
      pending,
      requestTransfer('al', 'ivy'),
      'denied: TRANSFER_PENDING',
    ],
    [
      '2 before 5: an admin granting admin to a non-member is NOT_AUTHORIZED, not NOT_A_MEMBER',
      base,
      grant('ada', 'admin', 'ext'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 6: an admin revoking super_admin from the owner is NOT_AUTHORIZED, not IMPLIED_ROLE',
      base,
      revoke('ada', 'super_admin', 'al'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 6: a member removing the owner is NOT_AUTHORIZED, not LAST_HOLDER',
      base,
      removeMember('mo', 'al'),
      'denied: NOT_AUTHORIZED',
    ],
  ]
  decides(cases, (state, cmd) => decide(workspace, state, cmd))
})

describe('workspace: explain', () => {
  test('IMPLIED_ROLE reads in English and German, naming both roles', () => {
    const d = denied(decideRevoke(workspace, base, revoke('sam', 'super_admin', 'al')))
    const { en, de } = inBothLocales(d, workspace)
    expect(en).toContain('Super administrator')
    expect(en).toContain('Owner')
    expect(de).toContain('Super-Administrator')
    expect(de).toContain('Besitzer')
  })

  test('a super admin asking to grant owner names the owner to ask in both languages', () => {
    const d = denied(decideGrant(workspace, base, grant('sam', 'owner', 'mo')))
    expect(explain(d, { model: workspace, locale: 'en' })).toMatch(/\bal\b/)
    expect(explain(d, { model: workspace, locale: 'de' })).toMatch(/\bal\b/)
  })
})
