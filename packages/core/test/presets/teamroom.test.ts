import { describe, expect, test } from 'vitest'
import {
  type ApproveCaseCommand,
  anonymizationApprovers,
  can,
  decide,
  decideApproveCase,
  decideGrant,
  decideOpenCase,
  decideRemindCase,
  decideRemoveMember,
  decideRevoke,
  decideTransferRequest,
  decideTransferRespond,
  defineModel,
  explain,
  type GrantCommand,
  grantableRoles,
  type RemoveMemberCommand,
  type RevokeCommand,
  recipients,
  roleVisibility,
  type TransferRequestCommand,
  type TransferRespondCommand,
  teamroom,
} from '../../src/index.js'
import {
  approveCase,
  type Case,
  caseAbout,
  daysAfter,
  decides,
  denied,
  grant,
  inBothLocales,
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

// ana owns the org; bo and cy are co-owners; pat pays; bea buys; cora handles compliance; dee and eli
// administer (dee is main admin); sue is the org-wide support team. mo is a plain member, ivy a pending
// invitee, ext never a member, zed a former member.
const base = org(
  {
    owner: ['ana'],
    co_owner: ['bo', 'cy'],
    payment_user: ['pat'],
    authorized_buyer: ['bea'],
    compliance_manager: ['cora'],
    admin: ['dee', 'eli'],
    main_admin: ['dee'],
    support_team: ['sue'],
  },
  { members: ['mo'], status: { ivy: 'invited', ext: 'none', zed: 'terminated' } },
)
const withMainOwner = org({ owner: ['ana'], co_owner: ['bo', 'cy'], main_owner: ['bo'], admin: ['dee'] })
const noCoOwners = org({ owner: ['ana'], admin: ['dee', 'eli'] }, { members: ['mo'] })
const oneAdmin = org({ owner: ['ana'], co_owner: ['bo'], admin: ['dee'] })

describe('teamroom: decideGrant', () => {
  const cases: Case<GrantCommand>[] = [
    // owner: exactly one, members only, changes hands by transfer only
    [
      'the owner role moves only by transfer: the owner granting it is TRANSFER_REQUIRED',
      base,
      grant('ana', 'owner', 'mo'),
      'denied: TRANSFER_REQUIRED',
    ],
    ['a co-owner asking to grant owner is NOT_AUTHORIZED', base, grant('bo', 'owner', 'mo'), 'denied: NOT_AUTHORIZED'],
    // co_owner: owner or co-owner
    ['the owner grants co_owner to a member', base, grant('ana', 'co_owner', 'mo'), 'grant co_owner mo'],
    ['a co-owner grants co_owner', base, grant('bo', 'co_owner', 'mo'), 'grant co_owner mo'],
    ['co_owner may go to a non-member', base, grant('bo', 'co_owner', 'ext'), 'grant co_owner ext'],
    ['co_owner may go to a pending invitee', base, grant('bo', 'co_owner', 'ivy'), 'grant co_owner ivy'],
    ['an admin may not grant co_owner', base, grant('dee', 'co_owner', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['the payment user may not grant co_owner', base, grant('pat', 'co_owner', 'mo'), 'denied: NOT_AUTHORIZED'],
    // main_owner: chosen from owner ∪ co_owner, enabled while ≥ 1 co-owner, max 1
    ['a co-owner chooses a co-owner as main owner', base, grant('bo', 'main_owner', 'cy'), 'grant main_owner cy'],
    ['the owner may be the main owner', base, grant('ana', 'main_owner', 'ana'), 'grant main_owner ana'],
    [
      'the main owner must hold owner or co_owner: an admin is NOT_ELIGIBLE',
      base,
      grant('ana', 'main_owner', 'dee'),
      'denied: NOT_ELIGIBLE',
    ],
    [
      'without a co-owner there is no main owner: NOT_ENABLED',
      noCoOwners,
      grant('ana', 'main_owner', 'ana'),
      'denied: NOT_ENABLED',
    ],
    [
      'choosing a new main owner replaces the old one',
      withMainOwner,
      grant('ana', 'main_owner', 'cy'),
      'clear main_owner bo; grant main_owner cy',
    ],
    [
      'the payment user may not choose the main owner',
      base,
      grant('pat', 'main_owner', 'bo'),
      'denied: NOT_AUTHORIZED',
    ],
    ['an admin may not choose the main owner', base, grant('dee', 'main_owner', 'bo'), 'denied: NOT_AUTHORIZED'],
    // payment_user: at most one, owner or co-owner, non-members too
    [
      'a co-owner names a new payment user, replacing the current one',
      base,
      grant('bo', 'payment_user', 'mo'),
      'clear payment_user pat; grant payment_user mo',
    ],
    [
      'the payment user may be a non-member',
      base,
      grant('ana', 'payment_user', 'ext'),
      'clear payment_user pat; grant payment_user ext',
    ],
    ['the first payment user replaces nobody', noCoOwners, grant('ana', 'payment_user', 'mo'), 'grant payment_user mo'],
    ['an admin may not name the payment user', base, grant('dee', 'payment_user', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'the payment user may not hand on payment_user',
      base,
      grant('pat', 'payment_user', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    // authorized_buyer: owner, co-owner, payment user (decision)
    [
      'the payment user grants authorized_buyer',
      base,
      grant('pat', 'authorized_buyer', 'mo'),
      'grant authorized_buyer mo',
    ],
    [
      'a co-owner grants authorized_buyer to a non-member',
      base,
      grant('cy', 'authorized_buyer', 'ext'),
      'grant authorized_buyer ext',
    ],
    ['an admin may not grant authorized_buyer', base, grant('dee', 'authorized_buyer', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'an authorized buyer may not grant authorized_buyer',
      base,
      grant('bea', 'authorized_buyer', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    // compliance_manager: owner or co-owner (decision)
    [
      'the owner grants compliance_manager',
      base,
      grant('ana', 'compliance_manager', 'mo'),
      'grant compliance_manager mo',
    ],
    [
      'a co-owner grants compliance_manager',
      base,
      grant('bo', 'compliance_manager', 'mo'),
      'grant compliance_manager mo',
    ],
    [
      'the payment user may not grant compliance_manager',
      base,
      grant('pat', 'compliance_manager', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a compliance manager may not grant compliance_manager',
      base,
      grant('cora', 'compliance_manager', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    // admin: owner, co-owner, payment user; non-members too
    ['the owner grants admin', base, grant('ana', 'admin', 'mo'), 'grant admin mo'],
    ['the payment user grants admin', base, grant('pat', 'admin', 'mo'), 'grant admin mo'],
    ['admin may go to a non-member', base, grant('bo', 'admin', 'ext'), 'grant admin ext'],
    ['an admin may not grant admin', base, grant('dee', 'admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    // main_admin: chosen from admin, enabled while ≥ 2 admins, max 1
    [
      'the payment user chooses another main admin, replacing the current one',
      base,
      grant('pat', 'main_admin', 'eli'),
      'clear main_admin dee; grant main_admin eli',
    ],
    ['a co-owner chooses the main admin', noCoOwners, grant('ana', 'main_admin', 'eli'), 'grant main_admin eli'],
    [
      'the main admin must hold admin: a co-owner is NOT_ELIGIBLE',
      base,
      grant('ana', 'main_admin', 'bo'),
      'denied: NOT_ELIGIBLE',
    ],
    [
      'with fewer than 2 admins there is no main admin: NOT_ENABLED',
      oneAdmin,
      grant('ana', 'main_admin', 'dee'),
      'denied: NOT_ENABLED',
    ],
    ['an admin may not choose the main admin', base, grant('eli', 'main_admin', 'eli'), 'denied: NOT_AUTHORIZED'],
    // support_team: owner, co-owner, admin (decision); org-wide or per context
    ['an admin grants support_team org-wide', base, grant('dee', 'support_team', 'mo'), 'grant support_team mo'],
    [
      'an admin gives a teamroom its own support team',
      base,
      grant('dee', 'support_team', 'mo', { context: 'teamroom:42' }),
      'grant support_team mo in teamroom:42',
    ],
    [
      'the org-wide support team may also be a teamroom’s own',
      base,
      grant('ana', 'support_team', 'sue', { context: 'teamroom:42' }),
      'grant support_team sue in teamroom:42',
    ],
    ['support_team may go to a non-member', base, grant('bo', 'support_team', 'ext'), 'grant support_team ext'],
    ['the payment user may not grant support_team', base, grant('pat', 'support_team', 'mo'), 'denied: NOT_AUTHORIZED'],
    [
      'a support team member may not grant support_team',
      base,
      grant('sue', 'support_team', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'only scoped roles take a context: admin in a teamroom is UNKNOWN_ROLE',
      base,
      grant('ana', 'admin', 'mo', { context: 'teamroom:42' }),
      'denied: UNKNOWN_ROLE',
    ],
    // already held, unknown
    ['granting a role already held changes nothing', base, grant('ana', 'admin', 'dee'), 'unchanged'],
    ['granting a max-1 role to its holder changes nothing', base, grant('bo', 'payment_user', 'pat'), 'unchanged'],
    [
      'giving a teamroom a support team member it already has changes nothing',
      org({ owner: ['ana'] }, { contexts: { 'teamroom:42': { support_team: ['sam'] } } }),
      grant('ana', 'support_team', 'sam', { context: 'teamroom:42' }),
      'unchanged',
    ],
    [
      'an actor who may not grant a role is NOT_AUTHORIZED even when it is already held',
      base,
      grant('dee', 'co_owner', 'bo'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a role the model does not know is UNKNOWN_ROLE', base, grant('ana', 'emperor', 'mo'), 'denied: UNKNOWN_ROLE'],
  ]
  decides(cases, (state, cmd) => decideGrant(teamroom, state, cmd))

  test('a co-owner asking to grant owner is NOT_AUTHORIZED with the owner as contact', () => {
    expect(decideGrant(teamroom, withMainOwner, grant('cy', 'owner', 'dee'))).toMatchObject({
      ok: false,
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['owner'],
      contact: 'ana',
    })
  })

  test('the owner granting owner is TRANSFER_REQUIRED', () => {
    expect(decideGrant(teamroom, base, grant('ana', 'owner', 'bo'))).toMatchObject({
      ok: false,
      code: 'TRANSFER_REQUIRED',
      params: { role: 'owner' },
    })
  })

  test('a missing permission names the roles that may, and the owner as contact without a main owner', () => {
    expect(decideGrant(teamroom, base, grant('dee', 'co_owner', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['owner', 'co_owner'],
      contact: 'ana',
    })
  })

  test('a missing permission names the main owner as contact when one is set', () => {
    expect(decideGrant(teamroom, withMainOwner, grant('dee', 'co_owner', 'dee'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'bo',
    })
  })

  test('granting a role already held is a success with changed: false and no effects', () => {
    expect(decideGrant(teamroom, base, grant('ana', 'co_owner', 'bo'))).toEqual({
      ok: true,
      changed: false,
      effects: [],
      warnings: [],
    })
  })

  test('a replaced payment user is cleared in the same decision as a cascade', () => {
    const d = decideGrant(teamroom, base, grant('ana', 'payment_user', 'mo'))
    expect(d.ok && d.effects.map((e) => [e.kind, 'principal' in e && e.principal, 'cause' in e && e.cause])).toEqual([
      ['role.revoked', 'pat', 'cascade'],
      ['role.granted', 'mo', 'direct'],
    ])
  })
})

describe('teamroom: decideRevoke', () => {
  const lastCoOwner = org({ owner: ['ana'], co_owner: ['bo'], main_owner: ['ana'] })
  const coOwnerIsMain = org({ owner: ['ana'], co_owner: ['bo', 'cy'], main_owner: ['bo'] })
  const threeAdmins = org({ owner: ['ana'], payment_user: ['pat'], admin: ['dee', 'eli', 'fay'], main_admin: ['dee'] })
  const ownSupport = org(
    { owner: ['ana'], admin: ['dee'], support_team: ['sue'] },
    { contexts: { 'teamroom:42': { support_team: ['sam'] } } },
  )
  const cases: Case<RevokeCommand>[] = [
    [
      'the owner role moves only by transfer: the owner revoking it is TRANSFER_REQUIRED',
      base,
      revoke('ana', 'owner', 'ana'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      'a co-owner asking to revoke owner is NOT_AUTHORIZED',
      base,
      revoke('bo', 'owner', 'ana'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a co-owner revokes another co-owner', base, revoke('bo', 'co_owner', 'cy'), 'revoke co_owner cy'],
    ['the owner revokes a co-owner', base, revoke('ana', 'co_owner', 'bo'), 'revoke co_owner bo'],
    ['an admin may not revoke co_owner', base, revoke('dee', 'co_owner', 'bo'), 'denied: NOT_AUTHORIZED'],
    [
      'at 0 co-owners, main_owner is cleared',
      lastCoOwner,
      revoke('ana', 'co_owner', 'bo'),
      'revoke co_owner bo; clear main_owner ana',
    ],
    [
      'a main owner who loses co_owner loses main_owner',
      coOwnerIsMain,
      revoke('ana', 'co_owner', 'bo'),
      'revoke co_owner bo; clear main_owner bo',
    ],
    [
      'with a co-owner left, another main owner keeps the role',
      coOwnerIsMain,
      revoke('bo', 'co_owner', 'cy'),
      'revoke co_owner cy',
    ],
    ['a co-owner unsets the main owner', coOwnerIsMain, revoke('cy', 'main_owner', 'bo'), 'revoke main_owner bo'],
    ['a co-owner revokes payment_user', base, revoke('bo', 'payment_user', 'pat'), 'revoke payment_user pat'],
    ['an admin may not revoke payment_user', base, revoke('dee', 'payment_user', 'pat'), 'denied: NOT_AUTHORIZED'],
    [
      'the payment user revokes authorized_buyer',
      base,
      revoke('pat', 'authorized_buyer', 'bea'),
      'revoke authorized_buyer bea',
    ],
    [
      'a co-owner revokes compliance_manager',
      base,
      revoke('cy', 'compliance_manager', 'cora'),
      'revoke compliance_manager cora',
    ],
    [
      'the payment user may not revoke compliance_manager',
      base,
      revoke('pat', 'compliance_manager', 'cora'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'losing admin clears main_admin',
      threeAdmins,
      revoke('pat', 'admin', 'dee'),
      'revoke admin dee; clear main_admin dee',
    ],
    [
      'below 2 admins, main_admin is cleared',
      base,
      revoke('ana', 'admin', 'eli'),
      'revoke admin eli; clear main_admin dee',
    ],
    ['with 2 admins left, the main admin stays', threeAdmins, revoke('ana', 'admin', 'fay'), 'revoke admin fay'],
    ['the payment user unsets the main admin', base, revoke('pat', 'main_admin', 'dee'), 'revoke main_admin dee'],
    ['an admin may not revoke admin', base, revoke('dee', 'admin', 'eli'), 'denied: NOT_AUTHORIZED'],
    ['an admin revokes support_team', base, revoke('eli', 'support_team', 'sue'), 'revoke support_team sue'],
    [
      'revoking a teamroom’s own support team leaves the org-wide one',
      ownSupport,
      revoke('dee', 'support_team', 'sam', { context: 'teamroom:42' }),
      'revoke support_team sam in teamroom:42',
    ],
    [
      'the payment user may not revoke support_team',
      base,
      revoke('pat', 'support_team', 'sue'),
      'denied: NOT_AUTHORIZED',
    ],
    // The spec is silent on revoking a role that is not held; the engine answers a no-op success, like a held grant.
    ['revoking a role not held changes nothing', base, revoke('ana', 'admin', 'mo'), 'unchanged'],
    [
      'an actor who may not revoke a role is NOT_AUTHORIZED even when it is not held',
      base,
      revoke('dee', 'co_owner', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    ['a role the model does not know is UNKNOWN_ROLE', base, revoke('ana', 'emperor', 'mo'), 'denied: UNKNOWN_ROLE'],
  ]
  decides(cases, (state, cmd) => decideRevoke(teamroom, state, cmd))

  test('a co-owner asking to revoke owner is NOT_AUTHORIZED with the owner as contact', () => {
    expect(decideRevoke(teamroom, base, revoke('cy', 'owner', 'ana'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'ana',
    })
  })

  test('a cascade that clears a role says so in a warning', () => {
    const d = decideRevoke(teamroom, base, revoke('ana', 'admin', 'eli'))
    expect(d.ok && d.warnings).toEqual([{ code: 'ROLE_CLEARED', params: { role: 'main_admin', target: 'dee' } }])
  })
})

describe('teamroom: decideTransferRequest', () => {
  const pending = org(
    { owner: ['ana'], co_owner: ['bo'] },
    { members: ['mo', 'max'], status: { ivy: 'invited' }, transfers: [pendingTransfer('t1', 'ana', 'mo')] },
  )
  const cases: Case<TransferRequestCommand>[] = [
    ['the owner starts a transfer to an active member', base, requestTransfer('ana', 'mo'), 'request owner ana->mo'],
    ['the owner starts a transfer to a co-owner', base, requestTransfer('ana', 'bo'), 'request owner ana->bo'],
    [
      'a transfer naming the owner role explicitly is the same transfer',
      base,
      requestTransfer('ana', 'mo', { role: 'owner' }),
      'request owner ana->mo',
    ],
    [
      'a co-owner may not start a transfer: NOT_AUTHORIZED',
      base,
      requestTransfer('bo', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a recipient who is a pending invitee is NOT_A_MEMBER at request',
      base,
      requestTransfer('ana', 'ivy'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'a recipient who was never a member is NOT_A_MEMBER at request',
      base,
      requestTransfer('ana', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'a recipient whose membership ended is NOT_A_MEMBER at request',
      base,
      requestTransfer('ana', 'zed'),
      'denied: NOT_A_MEMBER',
    ],
    [
      'one open transfer per org: a second one is TRANSFER_PENDING',
      pending,
      requestTransfer('ana', 'max'),
      'denied: TRANSFER_PENDING',
    ],
    [
      'a transfer that was declined no longer blocks a new one',
      org(
        { owner: ['ana'] },
        { members: ['mo', 'max'], transfers: [pendingTransfer('t1', 'ana', 'mo', { status: 'declined' })] },
      ),
      requestTransfer('ana', 'max'),
      'request owner ana->max',
    ],
    [
      'a transfer marked expired no longer blocks a new one',
      org(
        { owner: ['ana'] },
        { members: ['mo', 'max'], transfers: [pendingTransfer('t1', 'ana', 'mo', { status: 'expired' })] },
      ),
      requestTransfer('ana', 'max'),
      'request owner ana->max',
    ],
    [
      // The spec: a transfer expires after 7 days, and only an open one blocks another. One requested 8 days
      // ago has expired even if no job has marked it yet; the engine closes it in the same decision.
      'a transfer past its 7 days no longer blocks a new one',
      org({ owner: ['ana'] }, { members: ['mo', 'max'], transfers: [pendingTransfer('t1', 'ana', 'mo')] }),
      requestTransfer('ana', 'max', { now: daysAfter(NOW, 8) }),
      'transfer.voided; request owner ana->max',
    ],
    // The spec is silent on a transfer to oneself; the engine refuses it as NOT_ELIGIBLE.
    [
      'the owner cannot transfer to themselves: NOT_ELIGIBLE',
      base,
      requestTransfer('ana', 'ana'),
      'denied: NOT_ELIGIBLE',
    ],
    // The spec is silent on naming a role that is not transfer-only; the engine says it is granted directly.
    [
      'co_owner is not transferred but granted: NOT_AUTHORIZED',
      base,
      requestTransfer('bo', 'mo', { role: 'co_owner' }),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'a transfer of a role the model does not know is UNKNOWN_ROLE',
      base,
      requestTransfer('ana', 'mo', { role: 'emperor' }),
      'denied: UNKNOWN_ROLE',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRequest(teamroom, state, cmd))

  test('a transfer expires 7 days after it is requested', () => {
    expect(decideTransferRequest(teamroom, base, requestTransfer('ana', 'mo'))).toMatchObject({
      ok: true,
      effects: [{ kind: 'transfer.requested', expiresAt: daysAfter(NOW, 7), formerHolder: 'default' }],
    })
  })

  test('a transfer may say the former owner keeps no role', () => {
    expect(
      decideTransferRequest(teamroom, base, requestTransfer('ana', 'mo', { formerHolder: 'member' })),
    ).toMatchObject({
      ok: true,
      effects: [{ kind: 'transfer.requested', formerHolder: 'member' }],
    })
  })

  test('a co-owner starting a transfer is NOT_AUTHORIZED with the owner as contact', () => {
    expect(decideTransferRequest(teamroom, base, requestTransfer('bo', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'ana',
    })
  })
})

describe('teamroom: decideTransferRespond', () => {
  const holders = { owner: ['ana'], co_owner: ['bo'] }
  const options = { members: ['mo'] }
  const open = org(holders, { ...options, transfers: [pendingTransfer('t1', 'ana', 'mo')] })
  const toMember = org(holders, {
    ...options,
    transfers: [pendingTransfer('t1', 'ana', 'mo', { formerHolder: 'member' })],
  })
  const toCoOwner = org(holders, { ...options, transfers: [pendingTransfer('t1', 'ana', 'bo')] })
  const mainOwnerToMember = org(
    { ...holders, main_owner: ['ana'] },
    { ...options, transfers: [pendingTransfer('t1', 'ana', 'mo', { formerHolder: 'member' })] },
  )
  const mainOwnerToOwner = org(
    { ...holders, main_owner: ['bo'] },
    { ...options, transfers: [pendingTransfer('t1', 'ana', 'bo')] },
  )
  const closed = (status: 'accepted' | 'declined' | 'cancelled' | 'expired' | 'voided') =>
    org(holders, { ...options, transfers: [pendingTransfer('t1', 'ana', 'mo', { status })] })
  const recipientLeft = org(holders, {
    status: { mo: 'terminated' },
    transfers: [pendingTransfer('t1', 'ana', 'mo')],
  })
  const cases: Case<TransferRespondCommand>[] = [
    [
      'the recipient accepts; the former owner becomes co_owner',
      open,
      respond('accept', 'mo', 't1'),
      'accept t1; revoke owner ana; grant owner mo; grant co_owner ana',
    ],
    [
      'with formerHolder member, the former owner keeps no role',
      toMember,
      respond('accept', 'mo', 't1'),
      'accept t1; revoke owner ana; grant owner mo',
    ],
    [
      'a former owner who keeps no role loses main_owner with ownership',
      mainOwnerToMember,
      respond('accept', 'mo', 't1'),
      'accept t1; revoke owner ana; grant owner mo; clear main_owner ana',
    ],
    [
      'a co-owner who accepts ownership gives up co_owner to the former owner',
      toCoOwner,
      respond('accept', 'bo', 't1'),
      'accept t1; revoke co_owner bo; revoke owner ana; grant owner bo; grant co_owner ana',
    ],
    [
      'a main owner who accepts ownership stays main owner, the former owner becoming the co-owner',
      mainOwnerToOwner,
      respond('accept', 'bo', 't1'),
      'accept t1; revoke co_owner bo; revoke owner ana; grant owner bo; grant co_owner ana',
    ],
    [
      'the recipient accepts on the last day',
      open,
      respond('accept', 'mo', 't1', daysAfter(NOW, 6.9)),
      'accept t1; revoke owner ana; grant owner mo; grant co_owner ana',
    ],
    ['the recipient declines', open, respond('decline', 'mo', 't1'), 'transfer.declined'],
    ['the initiator cancels', open, respond('cancel', 'ana', 't1'), 'transfer.cancelled'],
    [
      'only the recipient accepts: the initiator accepting is NOT_AUTHORIZED',
      open,
      respond('accept', 'ana', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'only the recipient declines: a co-owner declining is NOT_AUTHORIZED',
      open,
      respond('decline', 'bo', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'only the initiator cancels: the recipient cancelling is NOT_AUTHORIZED',
      open,
      respond('cancel', 'mo', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      'after 7 days the transfer has expired: accepting is TRANSFER_CLOSED',
      open,
      respond('accept', 'mo', 't1', daysAfter(NOW, 7)),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'cancelling an expired transfer is TRANSFER_CLOSED',
      open,
      respond('cancel', 'ana', 't1', daysAfter(NOW, 8)),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'accepting a declined transfer is TRANSFER_CLOSED',
      closed('declined'),
      respond('accept', 'mo', 't1'),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'declining a cancelled transfer is TRANSFER_CLOSED',
      closed('cancelled'),
      respond('decline', 'mo', 't1'),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'cancelling an accepted transfer is TRANSFER_CLOSED',
      closed('accepted'),
      respond('cancel', 'ana', 't1'),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'accepting a voided transfer is TRANSFER_CLOSED',
      closed('voided'),
      respond('accept', 'mo', 't1'),
      'denied: TRANSFER_CLOSED',
    ],
    [
      'accepting a transfer marked expired is TRANSFER_CLOSED',
      closed('expired'),
      respond('accept', 'mo', 't1'),
      'denied: TRANSFER_CLOSED',
    ],
    // The spec is silent on an id that names no transfer; the engine treats it as not open.
    ['an unknown transfer is TRANSFER_CLOSED', open, respond('accept', 'mo', 't9'), 'denied: TRANSFER_CLOSED'],
    // The spec voids a transfer when its recipient's membership ends (see decideRemoveMember); should the
    // transfer still be open, the engine refuses the acceptance with the code a grant would get.
    [
      'a recipient who is no longer a member cannot accept: NOT_A_MEMBER',
      recipientLeft,
      respond('accept', 'mo', 't1'),
      'denied: NOT_A_MEMBER',
    ],
  ]
  decides(cases, (state, cmd) => decideTransferRespond(teamroom, state, cmd))

  test('the initiator accepting is NOT_AUTHORIZED with the recipient as contact', () => {
    expect(decideTransferRespond(teamroom, open, respond('accept', 'ana', 't1'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      contact: 'mo',
    })
  })

  test('the full flow: the owner requests, the recipient accepts, the old owner is a co-owner', () => {
    const start = org({ owner: ['ana'] }, { members: ['mo'] })
    const requested = decideTransferRequest(teamroom, start, requestTransfer('ana', 'mo'))
    const effect = requested.ok ? requested.effects[0] : undefined
    if (effect?.kind !== 'transfer.requested')
      throw new Error(`expected a transfer request, got ${summarize(requested)}`)
    const transfer = pendingTransfer('t1', effect.from, effect.to, {
      role: effect.role,
      expiresAt: effect.expiresAt,
      formerHolder: effect.formerHolder,
    })
    const afterRequest = org({ owner: ['ana'] }, { members: ['mo'], transfers: [transfer] })

    expect(summarize(decideTransferRequest(teamroom, afterRequest, requestTransfer('ana', 'mo')))).toBe(
      'denied: TRANSFER_PENDING',
    )
    expect(
      summarize(decideTransferRespond(teamroom, afterRequest, respond('accept', 'mo', 't1', daysAfter(NOW, 1)))),
    ).toBe('accept t1; revoke owner ana; grant owner mo; grant co_owner ana')
    expect(
      summarize(decideTransferRespond(teamroom, afterRequest, respond('accept', 'mo', 't1', daysAfter(NOW, 7)))),
    ).toBe('denied: TRANSFER_CLOSED')
  })
})

describe('teamroom: decideRemoveMember', () => {
  const busy = org(
    { owner: ['ana'], co_owner: ['bo'], admin: ['dee', 'eli'], main_admin: ['dee'] },
    {
      members: ['mo'],
      contexts: { 'teamroom:42': { support_team: ['dee'] } },
      contextAssignments: [{ principal: 'dee', context: 'teamroom:42' }],
    },
  )
  const lastCoOwner = org({ owner: ['ana'], co_owner: ['bo'], main_owner: ['ana'] })
  const pending = org({ owner: ['ana'] }, { members: ['mo'], transfers: [pendingTransfer('t1', 'ana', 'mo')] })
  const nonMemberHolder = org({ owner: ['ana'], admin: ['ext'] }, { status: { ext: 'none' } })
  const cases: Case<RemoveMemberCommand>[] = [
    [
      'removal revokes every role and context assignment, ends membership and opens a case',
      busy,
      removeMember('ana', 'dee'),
      'revoke admin dee; revoke main_admin dee; revoke support_team dee in teamroom:42; unassign dee teamroom:42; terminate dee; open case dee',
    ],
    [
      'removing a co-owner to 0 clears main_owner',
      lastCoOwner,
      removeMember('ana', 'bo'),
      'revoke co_owner bo; terminate bo; clear main_owner ana; open case bo',
    ],
    [
      'removing the recipient of a transfer voids it',
      pending,
      removeMember('ana', 'mo'),
      'transfer.voided; terminate mo; open case mo',
    ],
    ['an admin removes a member', base, removeMember('dee', 'mo'), 'terminate mo; open case mo'],
    ['a member leaves', base, removeMember('mo', 'mo'), 'terminate mo; open case mo'],
    ['a co-owner leaves', base, removeMember('cy', 'cy'), 'revoke co_owner cy; terminate cy; open case cy'],
    [
      'removing an admin to below 2 admins clears main_admin',
      busy,
      removeMember('ana', 'eli'),
      'revoke admin eli; terminate eli; clear main_admin dee; open case eli',
    ],
    ['the owner cannot leave: LAST_HOLDER', base, removeMember('ana', 'ana'), 'denied: LAST_HOLDER'],
    ['the owner cannot be removed: LAST_HOLDER', base, removeMember('bo', 'ana'), 'denied: LAST_HOLDER'],
    ['the payment user may not remove members', base, removeMember('pat', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a plain member may not remove others', base, removeMember('mo', 'bea'), 'denied: NOT_AUTHORIZED'],
    [
      'removing someone who is not a member is NOT_A_MEMBER',
      nonMemberHolder,
      removeMember('ana', 'ext'),
      'denied: NOT_A_MEMBER',
    ],
  ]
  decides(cases, (state, cmd) => decideRemoveMember(teamroom, state, cmd))

  test('removing the owner is LAST_HOLDER naming owner as the role to hand over first', () => {
    expect(decideRemoveMember(teamroom, base, removeMember('bo', 'ana'))).toMatchObject({
      code: 'LAST_HOLDER',
      params: { role: 'owner' },
    })
  })

  test('removing the recipient voids that transfer because they left', () => {
    const d = decideRemoveMember(teamroom, pending, removeMember('ana', 'mo'))
    expect(d.ok && d.effects).toContainEqual({ kind: 'transfer.voided', transferId: 't1', reason: 'recipient_left' })
  })
})

describe('teamroom: can', () => {
  const licensed = org(
    { owner: ['ana'], co_owner: ['bo'], payment_user: ['pat'], authorized_buyer: ['bea'], admin: ['dee'] },
    { features: { licensing: true }, members: ['mo'] },
  )
  const cases: [name: string, state: typeof base, actor: string, action: string, want: string][] = [
    ['the owner accesses all teamrooms', base, 'ana', 'teamrooms.access', 'allowed'],
    ['a co-owner accesses all teamrooms like the owner', base, 'bo', 'teamrooms.access', 'allowed'],
    ['an admin manages the org', base, 'dee', 'org.manage', 'allowed'],
    ['an admin has no teamroom access', base, 'dee', 'teamrooms.access', 'denied: NOT_AUTHORIZED'],
    ['the background principal accesses all teamrooms', base, 'background', 'teamrooms.access', 'allowed'],
    ['the background principal does not manage the org', base, 'background', 'org.manage', 'denied: NOT_AUTHORIZED'],
    ['a plain member does not manage the org', base, 'mo', 'org.manage', 'denied: NOT_AUTHORIZED'],
    ['a compliance manager anonymizes', base, 'cora', 'members.anonymize', 'allowed'],
    ['a co-owner anonymizes, having every right below', base, 'cy', 'members.anonymize', 'allowed'],
    ['an admin does not anonymize', base, 'dee', 'members.anonymize', 'denied: NOT_AUTHORIZED'],
    ['the payment user purchases licenses when licensing is on', licensed, 'pat', 'licenses.purchase', 'allowed'],
    ['an authorized buyer purchases licenses when licensing is on', licensed, 'bea', 'licenses.purchase', 'allowed'],
    ['the owner purchases licenses when licensing is on', licensed, 'ana', 'licenses.purchase', 'allowed'],
    ['without licensing, purchasing is FEATURE_DISABLED', base, 'pat', 'licenses.purchase', 'denied: FEATURE_DISABLED'],
    ['a non-buyer purchasing is NOT_AUTHORIZED', licensed, 'dee', 'licenses.purchase', 'denied: NOT_AUTHORIZED'],
    [
      'a non-buyer without licensing is NOT_AUTHORIZED before FEATURE_DISABLED',
      base,
      'dee',
      'licenses.purchase',
      'denied: NOT_AUTHORIZED',
    ],
    ['an action the model does not know is UNKNOWN_ROLE', base, 'ana', 'rockets.launch', 'denied: UNKNOWN_ROLE'],
  ]
  for (const [name, state, actor, action, want] of cases) {
    test(name, () => expect(verdict(can(teamroom, state, actor, action))).toBe(want))
  }

  test('a missing permission names the main owner as contact when set, else the owner', () => {
    expect(can(teamroom, base, 'dee', 'teamrooms.access')).toMatchObject({ code: 'NOT_AUTHORIZED', contact: 'ana' })
    expect(can(teamroom, withMainOwner, 'dee', 'teamrooms.access')).toMatchObject({ contact: 'bo' })
  })
})

describe('teamroom: can (scoped support_team)', () => {
  // sue is the org-wide support team; teamroom:42 has its own, sam; teamroom:7 has none.
  const state = org(
    { owner: ['ana'], support_team: ['sue'] },
    { members: ['sam'], contexts: { 'teamroom:42': { support_team: ['sam'] } } },
  )
  const cases: [name: string, actor: string, context: string | undefined, want: string][] = [
    ['a teamroom with its own support team uses it', 'sam', 'teamroom:42', 'allowed'],
    [
      'the org-wide support team does not handle a teamroom that has its own',
      'sue',
      'teamroom:42',
      'denied: NOT_AUTHORIZED',
    ],
    ['a teamroom without its own support team uses the org-wide one', 'sue', 'teamroom:7', 'allowed'],
    ['a teamroom’s own support team does not handle other teamrooms', 'sam', 'teamroom:7', 'denied: NOT_AUTHORIZED'],
    ['org-wide, the org-wide support team handles requests', 'sue', undefined, 'allowed'],
    ['org-wide, a teamroom’s own support team does not', 'sam', undefined, 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, actor, context, want] of cases) {
    test(name, () => expect(verdict(can(teamroom, state, actor, 'support.handle', context))).toBe(want))
  }

  test('support requests are routed to the context’s own support team, else the org-wide one', () => {
    expect(recipients(teamroom, state, 'support.requests', { context: 'teamroom:42' })).toEqual(['sam'])
    expect(recipients(teamroom, state, 'support.requests', { context: 'teamroom:7' })).toEqual(['sue'])
  })
})

describe('teamroom: recipients', () => {
  const plain = org({ owner: ['ana'], co_owner: ['bo', 'cy'], admin: ['dee', 'eli'] })
  const mains = org({
    owner: ['ana'],
    co_owner: ['bo', 'cy'],
    main_owner: ['cy'],
    admin: ['dee', 'eli'],
    main_admin: ['eli'],
  })
  const compliance = org({ owner: ['ana'], co_owner: ['bo'], main_owner: ['bo'], compliance_manager: ['cora', 'cole'] })
  const mainOwnerOnly = org({ owner: ['ana'], co_owner: ['bo'], main_owner: ['bo'] })
  const ownersOnly = org({ owner: ['ana'], co_owner: ['bo', 'cy'] })
  const cases: [name: string, state: typeof base, topic: Parameters<typeof recipients>[2], want: string[]][] = [
    [
      'org messages go to the owner and co-owners and all admins when no main roles are set',
      plain,
      'org.messages',
      ['ana', 'bo', 'cy', 'dee', 'eli'],
    ],
    ['org messages go to the main owner and the main admin alone when set', mains, 'org.messages', ['cy', 'eli']],
    [
      'org messages go to the main owner and all admins when only the main owner is set',
      withMainOwner,
      'org.messages',
      ['bo', 'dee'],
    ],
    ['the missing-permission contact is the owner without a main owner', plain, 'permission.contact', ['ana']],
    ['the missing-permission contact is the main owner when set', mains, 'permission.contact', ['cy']],
    [
      'membership terminations go to the compliance managers if there are any',
      compliance,
      'membership.terminated',
      ['cole', 'cora'],
    ],
    [
      'membership terminations go to the main owner without compliance managers',
      mainOwnerOnly,
      'membership.terminated',
      ['bo'],
    ],
    [
      'membership terminations go to the owner and co-owners without either',
      ownersOnly,
      'membership.terminated',
      ['ana', 'bo', 'cy'],
    ],
    [
      'anonymization reminders go to the compliance managers if there are any',
      compliance,
      'anonymization.reminder',
      ['cole', 'cora'],
    ],
    [
      'anonymization reminders go to the main owner without compliance managers',
      mainOwnerOnly,
      'anonymization.reminder',
      ['bo'],
    ],
    [
      'anonymization reminders go to the owner and co-owners without either',
      ownersOnly,
      'anonymization.reminder',
      ['ana', 'bo', 'cy'],
    ],
  ]
  for (const [name, state, topic, want] of cases) {
    test(name, () => expect(sorted(recipients(teamroom, state, topic))).toEqual(want))
  }

  test('a transfer request goes to its recipient', () => {
    expect(recipients(teamroom, base, 'transfer.requested', { recipient: 'mo' })).toEqual(['mo'])
  })
})

describe('teamroom: anonymization', () => {
  const fourEyes = defineModel({ ...teamroom, anonymization: { approvalsRequired: 2 } })
  const holders = { owner: ['ana'], co_owner: ['bo'], compliance_manager: ['cora'], admin: ['dee'] }
  const open = org(holders, { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] })
  const closed = org(holders, {
    status: { zed: 'terminated' },
    cases: [caseAbout('c1', 'zed', { status: 'anonymized', approvals: ['cora'] })],
  })
  // Roles other than owner may be held by non-members, so a former member can hold compliance_manager again.
  const aboutApprover = org(
    { ...holders, compliance_manager: ['cora', 'zed'] },
    { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] },
  )
  const approvedOnce = org(holders, {
    status: { zed: 'terminated' },
    cases: [caseAbout('c1', 'zed', { approvals: ['cora'] })],
  })
  const approve = (actor: string) => approveCase(actor, 'c1')

  test('the approvers are the compliance managers, the owner and the co-owners', () => {
    expect(sorted(anonymizationApprovers(teamroom, open))).toEqual(['ana', 'bo', 'cora'])
  })

  const cases: [name: string, model: typeof teamroom, state: typeof base, cmd: ApproveCaseCommand, want: string][] = [
    [
      'a compliance manager approves and the subject is anonymized',
      teamroom,
      open,
      approve('cora'),
      'approve c1 1/1; anonymize zed',
    ],
    ['the owner approves', teamroom, open, approve('ana'), 'approve c1 1/1; anonymize zed'],
    ['a co-owner approves', teamroom, open, approve('bo'), 'approve c1 1/1; anonymize zed'],
    ['an admin is not an approver: NOT_AUTHORIZED', teamroom, open, approve('dee'), 'denied: NOT_AUTHORIZED'],
    ['approving a closed case is CASE_CLOSED', teamroom, closed, approve('ana'), 'denied: CASE_CLOSED'],
    [
      'nobody approves their own case: SELF_APPROVAL_FORBIDDEN',
      teamroom,
      aboutApprover,
      approve('zed'),
      'denied: SELF_APPROVAL_FORBIDDEN',
    ],
    ['four-eyes: the first approval does not anonymize yet', fourEyes, open, approve('cora'), 'approve c1 1/2'],
    [
      'four-eyes: a second approver anonymizes',
      fourEyes,
      approvedOnce,
      approve('ana'),
      'approve c1 2/2; anonymize zed',
    ],
    [
      'four-eyes: the same approver twice changes nothing and does not count',
      fourEyes,
      approvedOnce,
      approve('cora'),
      'unchanged',
    ],
  ]
  for (const [name, model, state, cmd, want] of cases) {
    test(`decideApproveCase: ${name}`, () => expect(summarize(decideApproveCase(model, state, cmd))).toBe(want))
  }

  test('decideRemindCase: an approver sets a reminder', () => {
    const at = daysAfter(NOW, 3)
    expect(decideRemindCase(teamroom, open, { actor: 'cora', caseId: 'c1', at })).toMatchObject({
      ok: true,
      effects: [{ kind: 'case.reminder_set', caseId: 'c1', at }],
    })
  })

  test('decideRemindCase: an approver clears the reminder', () => {
    expect(decideRemindCase(teamroom, open, { actor: 'cora', caseId: 'c1', at: null })).toMatchObject({
      ok: true,
      effects: [{ kind: 'case.reminder_cleared', caseId: 'c1' }],
    })
  })

  test('decideRemindCase: clearing the reminder of a closed case is CASE_CLOSED', () => {
    expect(summarize(decideRemindCase(teamroom, closed, { actor: 'cora', caseId: 'c1', at: null }))).toBe(
      'denied: CASE_CLOSED',
    )
  })

  test('decideRemindCase: reminding on a closed case is CASE_CLOSED', () => {
    expect(summarize(decideRemindCase(teamroom, closed, { actor: 'cora', caseId: 'c1', at: daysAfter(NOW, 3) }))).toBe(
      'denied: CASE_CLOSED',
    )
  })

  test('decideRemindCase: a non-approver is NOT_AUTHORIZED', () => {
    expect(summarize(decideRemindCase(teamroom, open, { actor: 'dee', caseId: 'c1', at: daysAfter(NOW, 3) }))).toBe(
      'denied: NOT_AUTHORIZED',
    )
  })

  test('decideOpenCase: an approver opens a case about a former member', () => {
    const former = org(holders, { status: { zed: 'terminated' } })
    expect(summarize(decideOpenCase(teamroom, former, { actor: 'cora', subject: 'zed' }))).toBe('open case zed')
  })
})

describe('teamroom: roleVisibility', () => {
  const visible = (state: typeof base, role: string) =>
    roleVisibility(teamroom, state).find((f) => f.role === role)?.visible

  test('main_owner is visible with at least one co-owner', () => expect(visible(oneAdmin, 'main_owner')).toBe(true))
  test('main_owner is hidden without co-owners', () => expect(visible(noCoOwners, 'main_owner')).toBe(false))
  test('main_admin is visible with at least two admins', () => expect(visible(noCoOwners, 'main_admin')).toBe(true))
  test('main_admin is hidden with fewer than two admins', () => expect(visible(oneAdmin, 'main_admin')).toBe(false))
})

describe('teamroom: grantableRoles', () => {
  const grantable = (state: typeof base, actor: string) =>
    grantableRoles(teamroom, state, actor)
      .filter((r) => r.grant.ok)
      .map((r) => r.role)

  test('a payment user may grant authorized_buyer, admin and main_admin', () => {
    expect(grantable(base, 'pat')).toEqual(['authorized_buyer', 'admin', 'main_admin'])
  })

  test('a payment user may revoke authorized_buyer, admin and main_admin', () => {
    const revocable = grantableRoles(teamroom, base, 'pat')
      .filter((r) => r.revoke.ok)
      .map((r) => r.role)
    expect(revocable).toEqual(['authorized_buyer', 'admin', 'main_admin'])
  })

  test('with fewer than two admins, main_admin is NOT_ENABLED for a payment user', () => {
    const state = org({ owner: ['ana'], payment_user: ['pat'], admin: ['dee'] })
    expect(grantableRoles(teamroom, state, 'pat').find((r) => r.role === 'main_admin')?.grant).toEqual({
      ok: false,
      code: 'NOT_ENABLED',
    })
  })

  test('for a payment user the owner role is NOT_AUTHORIZED and co_owner too', () => {
    const byRole = new Map(grantableRoles(teamroom, base, 'pat').map((r) => [r.role, r.grant]))
    expect(byRole.get('owner')).toEqual({ ok: false, code: 'NOT_AUTHORIZED' })
    expect(byRole.get('co_owner')).toEqual({ ok: false, code: 'NOT_AUTHORIZED' })
  })
})

describe('teamroom: which denial wins (decide)', () => {
  const pending = org(
    { owner: ['ana'], co_owner: ['bo'] },
    { members: ['mo', 'max'], status: { ivy: 'invited' }, transfers: [pendingTransfer('t1', 'ana', 'mo')] },
  )
  const declined = org(
    { owner: ['ana'] },
    { members: ['mo'], transfers: [pendingTransfer('t1', 'ana', 'mo', { status: 'declined' })] },
  )
  const expiredRecipientLeft = org(
    { owner: ['ana'] },
    { status: { mo: 'terminated' }, transfers: [pendingTransfer('t1', 'ana', 'mo')] },
  )
  const closedCaseAboutApprover = org(
    { owner: ['ana'], compliance_manager: ['cora', 'zed'], admin: ['dee'] },
    { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed', { status: 'anonymized', approvals: ['cora'] })] },
  )
  const cases: Case[] = [
    [
      '1 before 2: an unknown role asked for by an actor without rights is UNKNOWN_ROLE',
      base,
      grant('mo', 'emperor', 'mo'),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '1 before 2: a non-scoped role in a context is UNKNOWN_ROLE even for an actor without rights',
      base,
      grant('mo', 'admin', 'mo', { context: 'teamroom:42' }),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '2 before 3: a co-owner asking to grant owner is NOT_AUTHORIZED, not TRANSFER_REQUIRED',
      base,
      grant('bo', 'owner', 'bo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '3 before the no-op: the owner granting owner to themselves is TRANSFER_REQUIRED',
      base,
      grant('ana', 'owner', 'ana'),
      'denied: TRANSFER_REQUIRED',
    ],
    [
      '2 before 4: a co-owner starting a second transfer is NOT_AUTHORIZED, not TRANSFER_PENDING',
      pending,
      requestTransfer('bo', 'max'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: a second transfer to a pending invitee is TRANSFER_PENDING, not NOT_A_MEMBER',
      pending,
      requestTransfer('ana', 'ivy'),
      'denied: TRANSFER_PENDING',
    ],
    [
      '2 before 4: the initiator accepting a declined transfer is NOT_AUTHORIZED, not TRANSFER_CLOSED',
      declined,
      respond('accept', 'ana', 't1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: accepting an expired transfer after leaving is TRANSFER_CLOSED, not NOT_A_MEMBER',
      expiredRecipientLeft,
      respond('accept', 'mo', 't1', daysAfter(NOW, 8)),
      'denied: TRANSFER_CLOSED',
    ],
    [
      '2 before 5: an admin choosing an ineligible main owner without co-owners is NOT_AUTHORIZED',
      noCoOwners,
      grant('dee', 'main_owner', 'dee'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '5, left to right: an admin as main owner without co-owners is NOT_ELIGIBLE, not NOT_ENABLED',
      noCoOwners,
      grant('ana', 'main_owner', 'dee'),
      'denied: NOT_ELIGIBLE',
    ],
    [
      '5, left to right: a co-owner as main admin beside one admin is NOT_ELIGIBLE, not NOT_ENABLED',
      oneAdmin,
      grant('ana', 'main_admin', 'bo'),
      'denied: NOT_ELIGIBLE',
    ],
    [
      '2 before 6: the payment user removing the owner is NOT_AUTHORIZED, not LAST_HOLDER',
      base,
      removeMember('pat', 'ana'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 4: a non-approver approving a closed case is NOT_AUTHORIZED, not CASE_CLOSED',
      closedCaseAboutApprover,
      approveCase('dee', 'c1'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '4 before 5: the subject approving their closed case is CASE_CLOSED, not SELF_APPROVAL_FORBIDDEN',
      closedCaseAboutApprover,
      approveCase('zed', 'c1'),
      'denied: CASE_CLOSED',
    ],
  ]
  decides(cases, (state, cmd) => decide(teamroom, state, cmd))
})

describe('teamroom: explain', () => {
  test('a co-owner asking to grant owner reads in English and German, naming the owner to ask', () => {
    const d = denied(decideGrant(teamroom, base, grant('bo', 'owner', 'mo')))
    const { en, de } = inBothLocales(d, teamroom)
    expect(en).toContain('Owner')
    expect(en).toMatch(/\bana\b/)
    expect(de).toContain('Besitzer')
    expect(de).toMatch(/\bana\b/)
  })

  test('a missing right to grant co_owner names the main owner to ask in both languages', () => {
    const d = denied(decideGrant(teamroom, withMainOwner, grant('dee', 'co_owner', 'mo')))
    expect(explain(d, { model: teamroom, locale: 'en' })).toMatch(/\bbo\b/)
    expect(explain(d, { model: teamroom, locale: 'de' })).toMatch(/\bbo\b/)
  })

  test('NOT_ENABLED for main_admin reads as a sentence in both languages', () => {
    const d = denied(decideGrant(teamroom, oneAdmin, grant('ana', 'main_admin', 'dee')))
    for (const locale of ['en', 'de'] as const) {
      const sentence = explain(d, { model: teamroom, locale })
      expect(sentence.length).toBeGreaterThan(20)
      expect(sentence).toMatch(/\.$/)
    }
  })

  test('LAST_HOLDER for the owner leaving reads as a sentence in both languages', () => {
    const d = denied(decideRemoveMember(teamroom, base, removeMember('ana', 'ana')))
    expect(explain(d, { model: teamroom, locale: 'en' })).toContain('Owner')
    expect(explain(d, { model: teamroom, locale: 'de' })).toContain('Besitzer')
  })
})
