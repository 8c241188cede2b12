import { describe, expect, test } from 'vitest'
import {
  anonymizationApprovers,
  can,
  decide,
  decideApproveCase,
  decideGrant,
  decideRemoveMember,
  decideRevoke,
  decideTransferRequest,
  decideTransferRespond,
  explain,
  type GrantCommand,
  multiOwner,
  type RemoveMemberCommand,
  type RevokeCommand,
  recipients,
  type TransferRequestCommand,
  type TransferRespondCommand,
} from '../../src/index.js'
import {
  approveCase,
  type Case,
  caseAbout,
  daysAfter,
  decides,
  denied,
  grant,
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

// mia created the org and is its primary owner; max is another owner; mo and mae are members;
// ivy is a pending invitee, ext never a member.
const base = org(
  { owner: ['mia', 'max'], primary_owner: ['mia'] },
  { members: ['mo', 'mae'], status: { ivy: 'invited', ext: 'none' } },
)
// mia alone owns the org.
const soloOwner = org({ owner: ['mia'], primary_owner: ['mia'] }, { members: ['mo'] })
const confirmed = { confirmed: true }

describe('multi-owner: decideGrant', () => {
  const cases: Case<GrantCommand>[] = [
    ['an owner grants owner, confirmed', base, grant('max', 'owner', 'mo', confirmed), 'grant owner mo'],
    ['the primary owner grants owner, confirmed', base, grant('mia', 'owner', 'mae', confirmed), 'grant owner mae'],
    [
      'granting owner needs an explicit confirmation: CONFIRMATION_REQUIRED',
      base,
      grant('max', 'owner', 'mo'),
      'denied: CONFIRMATION_REQUIRED',
    ],
    ['a member may not grant owner', base, grant('mo', 'owner', 'mae', confirmed), 'denied: NOT_AUTHORIZED'],
    [
      'a member asking unconfirmed is NOT_AUTHORIZED, not CONFIRMATION_REQUIRED',
      base,
      grant('mo', 'owner', 'mae'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'owner goes to active members only: a pending invitee is NOT_A_MEMBER',
      base,
      grant('max', 'owner', 'ivy', confirmed),
      'denied: NOT_A_MEMBER',
    ],
    [
      'owner goes to active members only: a non-member is NOT_A_MEMBER',
      base,
      grant('max', 'owner', 'ext', confirmed),
      'denied: NOT_A_MEMBER',
    ],
    [
      'confirmation is asked last: an unconfirmed grant to an invitee is NOT_A_MEMBER',
      base,
      grant('max', 'owner', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'granting owner to an owner changes nothing, confirmation or not',
      base,
      grant('mia', 'owner', 'max'),
      'unchanged',
    ],
    [
      'primary_owner moves only by transfer: the primary owner granting it is TRANSFER_REQUIRED',
      base,
      grant('mia', 'primary_owner', 'max'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      'an owner asking to grant primary_owner is NOT_AUTHORIZED',
      base,
      grant('max', 'primary_owner', 'max'),
      'denied: NOT_AUTHORIZED',
    ],
    ['member is the default, not granted', base, grant('mia', 'member', 'ext'), 'denied: NOT_AUTHORIZED'],
    [
      'a role the model does not know is UNKNOWN_ROLE',
      base,
      grant('mia', 'co_owner', 'mo', confirmed),
      'denied: UNKNOWN_ROLE',
    ],
  ]
  decides(cases, (state, cmd) => decideGrant(multiOwner, state, cmd))

  test('an owner asking to grant primary_owner is NOT_AUTHORIZED with the primary owner as contact', () => {
    expect(decideGrant(multiOwner, base, grant('max', 'primary_owner', 'max'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['primary_owner'],
      contact: 'mia',
    })
  })

  test('a member asking to grant owner is NOT_AUTHORIZED with the primary owner as contact', () => {
    expect(decideGrant(multiOwner, base, grant('mo', 'owner', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['owner'],
      contact: 'mia',
    })
  })
})

describe('multi-owner: decideRevoke', () => {
  const cases: Case<RevokeCommand>[] = [
    ['an owner revokes another owner, confirmed', base, revoke('mia', 'owner', 'max', confirmed), 'revoke owner max'],
    [
      'revoking owner needs an explicit confirmation: CONFIRMATION_REQUIRED',
      base,
      revoke('mia', 'owner', 'max'),
      'denied: CONFIRMATION_REQUIRED',
    ],
    [
      'an owner revokes their own ownership, confirmed',
      base,
      revoke('max', 'owner', 'max', confirmed),
      'revoke owner max',
    ],
    [
      'revoking owner from the primary owner is LAST_HOLDER',
      base,
      revoke('max', 'owner', 'mia', confirmed),
      'denied: LAST_HOLDER',
    ],
    [
      'the primary owner revoking their own owner role is LAST_HOLDER',
      base,
      revoke('mia', 'owner', 'mia', confirmed),
      'denied: LAST_HOLDER',
    ],
    [
      'confirmation is asked last: unconfirmed, revoking owner from the primary owner is LAST_HOLDER',
      base,
      revoke('max', 'owner', 'mia'),
      'denied: LAST_HOLDER',
    ],
    ['a member may not revoke owner', base, revoke('mo', 'owner', 'max', confirmed), 'denied: NOT_AUTHORIZED'],
    [
      'primary_owner moves only by transfer: the primary owner revoking it is TRANSFER_REQUIRED',
      base,
      revoke('mia', 'primary_owner', 'mia'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      'an owner asking to revoke primary_owner is NOT_AUTHORIZED',
      base,
      revoke('max', 'primary_owner', 'mia'),
      'denied: NOT_AUTHORIZED',
    ],
  ]
  decides(cases, (state, cmd) => decideRevoke(multiOwner, state, cmd))

  test('revoking owner from the primary owner is LAST_HOLDER naming primary_owner to hand over first', () => {
    expect(decideRevoke(multiOwner, base, revoke('max', 'owner', 'mia', confirmed))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'primary_owner' },
    })
  })

  test('the primary owner revoking their own owner role is LAST_HOLDER naming primary_owner', () => {
    expect(decideRevoke(multiOwner, base, revoke('mia', 'owner', 'mia', confirmed))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'primary_owner' },
    })
  })

  test('the last owner revoking owner is LAST_HOLDER naming owner, the first broken minimum in model order', () => {
    expect(decideRevoke(multiOwner, soloOwner, revoke('mia', 'owner', 'mia', confirmed))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'owner' },
    })
  })
})

describe('multi-owner: decideTransferRequest', () => {
  const pending = org(
    { owner: ['mia', 'max', 'mel'], primary_owner: ['mia'] },
    { transfers: [pendingTransfer('t1', 'mia', 'max', { role: 'primary_owner' })] },
  )
  const cases: Case<TransferRequestCommand>[] = [
    [
      'the primary owner transfers primary_owner to another owner',
      base,
      requestTransfer('mia', 'max'),
      'request primary_owner mia->max',
    ],
    [
      'a transfer naming primary_owner explicitly is the same transfer',
      base,
      requestTransfer('mia', 'max', { role: 'primary_owner' }),
      'request primary_owner mia->max',
    ],
    [
      'primary_owner goes only to another owner: a member is NOT_ELIGIBLE',
      base,
      requestTransfer('mia', 'mo'),
      'denied: NOT_ELIGIBLE',
    ],
    ['a non-member is NOT_A_MEMBER', base, requestTransfer('mia', 'ext'), 'denied: NOT_A_MEMBER'],
    [
      'an owner who is not primary may not start a transfer: NOT_AUTHORIZED',
      base,
      requestTransfer('max', 'mia'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'one open transfer per org: a second one is TRANSFER_PENDING',
      pending,
      requestTransfer('mia', 'mel'),
      'denied: TRANSFER_PENDING',
    ],
    // The spec is silent on naming owner in a transfer; the engine says it is granted directly.
    [
      'owner is not transferred but granted: NOT_AUTHORIZED',
      base,
      requestTransfer('mia', 'mo', { role: 'owner' }),
      'denied: NOT_AUTHORIZED',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRequest(multiOwner, state, cmd))

  test('an owner who is not primary starting a transfer is NOT_AUTHORIZED with the primary owner as contact', () => {
    expect(decideTransferRequest(multiOwner, base, requestTransfer('max', 'mia'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'mia',
    })
  })

  test('a transfer expires 7 days after it is requested', () => {
    expect(decideTransferRequest(multiOwner, base, requestTransfer('mia', 'max'))).toMatchObject({
      effects: [{ kind: 'transfer.requested', role: 'primary_owner', expiresAt: daysAfter(NOW, 7) }],
    })
  })
})

describe('multi-owner: decideTransferRespond', () => {
  const transfer = pendingTransfer('t1', 'mia', 'max', { role: 'primary_owner' })
  const open = org({ owner: ['mia', 'max'], primary_owner: ['mia'] }, { members: ['mo'], transfers: [transfer] })
  // max stopped being an owner after the transfer was requested.
  const recipientDemoted = org({ owner: ['mia'], primary_owner: ['mia'] }, { members: ['max'], transfers: [transfer] })
  const cases: Case<TransferRespondCommand>[] = [
    [
      'the recipient accepts; the former primary owner stays an owner',
      open,
      respond('accept', 'max', 't1'),
      'accept t1; revoke primary_owner mia; grant primary_owner max',
    ],
    ['the recipient declines', open, respond('decline', 'max', 't1'), 'transfer.declined'],
    ['the initiator cancels', open, respond('cancel', 'mia', 't1'), 'transfer.cancelled'],
    [
      'only the recipient accepts: a member accepting is NOT_AUTHORIZED',
      open,
      respond('accept', 'mo', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'only the initiator cancels: the recipient cancelling is NOT_AUTHORIZED',
      open,
      respond('cancel', 'max', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'after 7 days the transfer has expired: TRANSFER_CLOSED',
      open,
      respond('accept', 'max', 't1', daysAfter(NOW, 7)),
      'denied: TRANSFER_CLOSED',
    ],
    // The spec checks the recipient when the transfer starts; the engine checks again on acceptance, with the same code.
    [
      'a recipient who is no longer an owner cannot accept: NOT_ELIGIBLE',
      recipientDemoted,
      respond('accept', 'max', 't1'),
      'denied: NOT_ELIGIBLE',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRespond(multiOwner, state, cmd))
})

describe('multi-owner: decideRemoveMember', () => {
  const pending = org(
    { owner: ['mia', 'max'], primary_owner: ['mia'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'mia', 'max', { role: 'primary_owner' })] },
  )
  const cases: Case<RemoveMemberCommand>[] = [
    ['a member leaves the org', base, removeMember('mo', 'mo'), 'terminate mo; open case mo'],
    [
      'an owner who is not primary leaves, giving up ownership',
      base,
      removeMember('max', 'max'),
      'revoke owner max; terminate max; open case max',
    ],
    ['the primary owner cannot leave: LAST_HOLDER', base, removeMember('mia', 'mia'), 'denied: LAST_HOLDER'],
    ['the last owner cannot leave: LAST_HOLDER', soloOwner, removeMember('mia', 'mia'), 'denied: LAST_HOLDER'],
    ['an owner removes another user', base, removeMember('max', 'mo'), 'terminate mo; open case mo'],
    [
      'an owner removes another owner',
      base,
      removeMember('mia', 'max'),
      'revoke owner max; terminate max; open case max',
    ],
    ['an owner removing the primary owner is LAST_HOLDER', base, removeMember('max', 'mia'), 'denied: LAST_HOLDER'],
    [
      'removing the recipient of a transfer voids it',
      pending,
      removeMember('mia', 'max'),
      'revoke owner max; transfer.voided; terminate max; open case max',
    ],
    ['a member may not remove another user', base, removeMember('mo', 'mae'), 'denied: NOT_AUTHORIZED'],
  ]
  decides(cases, (state, cmd) => decideRemoveMember(multiOwner, state, cmd))

  test('the primary owner leaving is LAST_HOLDER naming primary_owner to hand over first', () => {
    expect(decideRemoveMember(multiOwner, base, removeMember('mia', 'mia'))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'primary_owner' },
    })
  })

  test('the last owner leaving is LAST_HOLDER naming owner, the first broken minimum in model order', () => {
    expect(decideRemoveMember(multiOwner, soloOwner, removeMember('mia', 'mia'))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'owner' },
    })
  })
})

describe('multi-owner: can', () => {
  const cases: [name: string, actor: string, action: string, want: string][] = [
    ['an owner removes other users', 'max', 'members.remove', 'allowed'],
    ['an owner manages billing', 'max', 'billing.manage', 'allowed'],
    ['an owner views subscriptions', 'max', 'subscriptions.view', 'allowed'],
    ['an owner views invoices', 'max', 'invoices.view', 'allowed'],
    ['an owner manages org settings', 'max', 'settings.manage', 'allowed'],
    ['an owner sees the overview of every workspace', 'max', 'workspaces.overview', 'allowed'],
    ['the primary owner does what an owner does', 'mia', 'billing.manage', 'allowed'],
    ['a member does not remove other users', 'mo', 'members.remove', 'denied: NOT_AUTHORIZED'],
    ['a member does not manage billing', 'mo', 'billing.manage', 'denied: NOT_AUTHORIZED'],
    ['a member does not see every workspace', 'mo', 'workspaces.overview', 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, actor, action, want] of cases) {
    test(name, () => expect(verdict(can(multiOwner, base, actor, action))).toBe(want))
  }
})

describe('multi-owner: anonymization and routing', () => {
  const open = org(
    { owner: ['mia', 'max'], primary_owner: ['mia'] },
    { members: ['mo'], status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] },
  )
  const approve = (actor: string) => approveCase(actor, 'c1')

  test('the approvers are the owners', () =>
    expect(sorted(anonymizationApprovers(multiOwner, open))).toEqual(['max', 'mia']))
  test('membership terminations go to the approvers', () =>
    expect(sorted(recipients(multiOwner, open, 'membership.terminated'))).toEqual(['max', 'mia']))
  test('org messages go to the owners', () =>
    expect(sorted(recipients(multiOwner, open, 'org.messages'))).toEqual(['max', 'mia']))
  test('the missing-permission contact is the primary owner', () =>
    expect(recipients(multiOwner, open, 'permission.contact')).toEqual(['mia']))

  test('decideApproveCase: an owner approves and the subject is anonymized', () =>
    expect(summarize(decideApproveCase(multiOwner, open, approve('max')))).toBe('approve c1 1/1; anonymize zed'))
  test('decideApproveCase: a member is not an approver: NOT_AUTHORIZED', () =>
    expect(summarize(decideApproveCase(multiOwner, open, approve('mo')))).toBe('denied: NOT_AUTHORIZED'))
})

describe('multi-owner: which denial wins (decide)', () => {
  const pending = org(
    { owner: ['mia', 'max', 'mel'], primary_owner: ['mia'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'mia', 'max', { role: 'primary_owner' })] },
  )
  const cases: Case[] = [
    [
      '2 before 7: a member granting owner unconfirmed is NOT_AUTHORIZED, not CONFIRMATION_REQUIRED',
      base,
      grant('mo', 'owner', 'mae'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '5 before 7: an unconfirmed grant of owner to a pending invitee is NOT_A_MEMBER, not CONFIRMATION_REQUIRED',
      base,
      grant('max', 'owner', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      '6 before 7: unconfirmed, revoking owner from the primary owner is LAST_HOLDER, not CONFIRMATION_REQUIRED',
      base,
      revoke('max', 'owner', 'mia'),
      'denied: LAST_HOLDER',
    ],
    [
      '2 before 6: a member revoking owner from the primary owner is NOT_AUTHORIZED, not LAST_HOLDER',
      base,
      revoke('mo', 'owner', 'mia'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 6: a member removing the primary owner is NOT_AUTHORIZED, not LAST_HOLDER',
      base,
      removeMember('mo', 'mia'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 3: an owner asking to grant primary_owner is NOT_AUTHORIZED, not TRANSFER_REQUIRED',
      base,
      grant('max', 'primary_owner', 'mia'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: a second transfer to a plain member is TRANSFER_PENDING, not NOT_ELIGIBLE',
      pending,
      requestTransfer('mia', 'mo'),
      'denied: TRANSFER_PENDING',
    ],
    [
      '5, left to right: a transfer to a pending invitee is NOT_A_MEMBER, not NOT_ELIGIBLE',
      base,
      requestTransfer('mia', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
  ]
  decides(cases, (state, cmd) => decide(multiOwner, state, cmd))
})

describe('multi-owner: explain', () => {
  test('LAST_HOLDER for the primary owner leaving reads in English and German, naming the role', () => {
    const d = denied(decideRemoveMember(multiOwner, base, removeMember('mia', 'mia')))
    expect(explain(d, { model: multiOwner, locale: 'en' })).toContain('Primary owner')
    expect(explain(d, { model: multiOwner, locale: 'de' })).toContain('Hauptbesitzer')
  })

  test('CONFIRMATION_REQUIRED reads as a sentence in both languages', () => {
    const d = denied(decideGrant(multiOwner, base, grant('max', 'owner', 'mo')))
    expect(explain(d, { model: multiOwner, locale: 'en' })).toContain('Owner')
    expect(explain(d, { model: multiOwner, locale: 'de' })).toContain('Besitzer')
  })

  test('an owner asking to grant primary_owner names the primary owner to ask in both languages', () => {
    const d = denied(decideGrant(multiOwner, base, grant('max', 'primary_owner', 'max')))
    expect(explain(d, { model: multiOwner, locale: 'en' })).toMatch(/\bmia\b/)
    expect(explain(d, { model: multiOwner, locale: 'de' })).toMatch(/\bmia\b/)
  })
})
