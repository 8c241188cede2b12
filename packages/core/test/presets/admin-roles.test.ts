import { describe, expect, test } from 'vitest'
import {
  adminRoles,
  anonymizationApprovers,
  can,
  decide,
  decideApproveCase,
  decideGrant,
  decideRemoveMember,
  decideRevoke,
  explain,
  type GrantCommand,
  type RemoveMemberCommand,
  type RevokeCommand,
  recipients,
} from '../../src/index.js'
import {
  approveCase,
  type Case,
  caseAbout,
  decides,
  denied,
  grant,
  org,
  removeMember,
  revoke,
  sorted,
  summarize,
  verdict,
} from '../fixtures.js'

// ula is a user admin; wes a workspace admin; sec a security admin; cat a chain security admin paired with
// chain_builder; bob builds chains, col owns them; support:dan is a data access admin; mo is a plain member.
const base = org(
  {
    user_admin: ['ula'],
    workspace_admin: ['wes'],
    security_admin: ['sec'],
    chain_security_admin: ['cat'],
    chain_builder: ['cat', 'bob'],
    chain_owner: ['col'],
    data_access_admin: ['support:dan'],
  },
  { members: ['mo'] },
)
// cat is paired with both partner roles.
const doublyPaired = org({
  user_admin: ['ula'],
  chain_security_admin: ['cat'],
  chain_builder: ['cat'],
  chain_owner: ['cat'],
})

describe('admin-roles: decideGrant', () => {
  const cases: Case<GrantCommand>[] = [
    ['a user admin grants user_admin (decision)', base, grant('ula', 'user_admin', 'mo'), 'grant user_admin mo'],
    ['a user admin grants workspace_admin', base, grant('ula', 'workspace_admin', 'mo'), 'grant workspace_admin mo'],
    ['a user admin grants security_admin', base, grant('ula', 'security_admin', 'mo'), 'grant security_admin mo'],
    [
      'a user admin grants chain_builder (decision)',
      base,
      grant('ula', 'chain_builder', 'mo'),
      'grant chain_builder mo',
    ],
    ['a user admin grants chain_owner (decision)', base, grant('ula', 'chain_owner', 'mo'), 'grant chain_owner mo'],
    ['a security admin may not grant roles', base, grant('sec', 'security_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a workspace admin may not grant roles', base, grant('wes', 'workspace_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a member may not grant roles', base, grant('mo', 'user_admin', 'mo'), 'denied: NOT_AUTHORIZED'],
    // pairing
    [
      'chain_security_admin goes to a chain builder',
      base,
      grant('ula', 'chain_security_admin', 'bob'),
      'grant chain_security_admin bob',
    ],
    [
      'chain_security_admin goes to a chain owner',
      base,
      grant('ula', 'chain_security_admin', 'col'),
      'grant chain_security_admin col',
    ],
    [
      'chain_security_admin without chain_builder or chain_owner is PAIRING_REQUIRED',
      base,
      grant('ula', 'chain_security_admin', 'mo'),
      'denied: PAIRING_REQUIRED',
    ],
    // reserved for support principals
    [
      'a user admin grants data_access_admin to a support principal',
      base,
      grant('ula', 'data_access_admin', 'support:sue'),
      'grant data_access_admin support:sue',
    ],
    [
      'a support principal grants data_access_admin',
      base,
      grant('support:dan', 'data_access_admin', 'support:sue'),
      'grant data_access_admin support:sue',
    ],
    [
      'data_access_admin is held by support principals only: a user is RESERVED_ROLE',
      base,
      grant('ula', 'data_access_admin', 'mo'),
      'denied: RESERVED_ROLE',
    ],
    [
      'a support principal granting data_access_admin to a user is RESERVED_ROLE',
      base,
      grant('support:dan', 'data_access_admin', 'ula'),
      'denied: RESERVED_ROLE',
    ],
    [
      'a support principal may not grant other roles',
      base,
      grant('support:dan', 'security_admin', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    // member, held, unknown
    ['everyone is a member; member is not granted', base, grant('ula', 'member', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['granting a role already held changes nothing', base, grant('ula', 'security_admin', 'sec'), 'unchanged'],
    ['a role the model does not know is UNKNOWN_ROLE', base, grant('ula', 'owner', 'mo'), 'denied: UNKNOWN_ROLE'],
  ]
  decides(cases, (state, cmd) => decideGrant(adminRoles, state, cmd))

  test('PAIRING_REQUIRED names the partner roles', () => {
    expect(decideGrant(adminRoles, base, grant('ula', 'chain_security_admin', 'mo'))).toMatchObject({
      code: 'PAIRING_REQUIRED',
      params: { partners: ['chain_builder', 'chain_owner'] },
    })
  })

  test('a missing right names a user admin as contact', () => {
    expect(decideGrant(adminRoles, base, grant('sec', 'workspace_admin', 'mo'))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      allowedRoles: ['user_admin'],
      contact: 'ula',
    })
  })
})

describe('admin-roles: decideRevoke', () => {
  const cases: Case<RevokeCommand>[] = [
    [
      'revoking the only partner of a chain security admin is PAIRING_REQUIRED',
      base,
      revoke('ula', 'chain_builder', 'cat'),
      'denied: PAIRING_REQUIRED',
    ],
    [
      'a chain security admin with both partners may lose one',
      doublyPaired,
      revoke('ula', 'chain_builder', 'cat'),
      'revoke chain_builder cat',
    ],
    [
      'a chain security admin with both partners may lose the other',
      doublyPaired,
      revoke('ula', 'chain_owner', 'cat'),
      'revoke chain_owner cat',
    ],
    [
      'a user admin revokes chain_security_admin',
      base,
      revoke('ula', 'chain_security_admin', 'cat'),
      'revoke chain_security_admin cat',
    ],
    [
      'a chain builder without chain_security_admin loses chain_builder freely',
      base,
      revoke('ula', 'chain_builder', 'bob'),
      'revoke chain_builder bob',
    ],
    ['a user admin revokes security_admin', base, revoke('ula', 'security_admin', 'sec'), 'revoke security_admin sec'],
    ['a security admin may not revoke roles', base, revoke('sec', 'workspace_admin', 'wes'), 'denied: NOT_AUTHORIZED'],
    [
      'a user admin revokes data_access_admin',
      base,
      revoke('ula', 'data_access_admin', 'support:dan'),
      'revoke data_access_admin support:dan',
    ],
    [
      'a support principal revokes data_access_admin',
      base,
      revoke('support:dan', 'data_access_admin', 'support:dan'),
      'revoke data_access_admin support:dan',
    ],
  ]
  decides(cases, (state, cmd) => decideRevoke(adminRoles, state, cmd))

  test('PAIRING_REQUIRED on revoking names the paired role and its holder', () => {
    expect(decideRevoke(adminRoles, base, revoke('ula', 'chain_builder', 'cat'))).toMatchObject({
      code: 'PAIRING_REQUIRED',
      params: { role: 'chain_security_admin', target: 'cat' },
    })
  })
})

describe('admin-roles: decideRemoveMember', () => {
  const cases: Case<RemoveMemberCommand>[] = [
    [
      'a user admin removes a user, revoking the paired roles together',
      base,
      removeMember('ula', 'cat'),
      'revoke chain_security_admin cat; revoke chain_builder cat; terminate cat; open case cat',
    ],
    ['a user admin removes a plain member', base, removeMember('ula', 'mo'), 'terminate mo; open case mo'],
    ['a workspace admin may not remove users', base, removeMember('wes', 'mo'), 'denied: NOT_AUTHORIZED'],
    ['a security admin may not remove users', base, removeMember('sec', 'mo'), 'denied: NOT_AUTHORIZED'],
  ]
  decides(cases, (state, cmd) => decideRemoveMember(adminRoles, state, cmd))
})

describe('admin-roles: can', () => {
  const userActions = [
    'users.add',
    'users.resend_welcome',
    'users.reset_password',
    'users.update',
    'users.export',
    'users.remove',
    'users.view',
  ]
  const securityActions = [
    'security.passwords',
    'security.sessions',
    'security.access_restrictions',
    'security.sso',
    'security.encryption_keys',
    'security.identity_providers',
  ]
  const allows = (actor: string, actions: string[]) => actions.filter((a) => can(adminRoles, base, actor, a).ok)

  test('a user admin does the seven user actions, org settings and viewing org activity', () => {
    expect(allows('ula', [...userActions, 'org.settings', 'activity.view'])).toEqual([
      ...userActions,
      'org.settings',
      'activity.view',
    ])
  })

  test('a security admin manages passwords, sessions, restrictions, SSO, keys and identity providers', () => {
    expect(allows('sec', securityActions)).toEqual(securityActions)
  })

  const cases: [name: string, actor: string, action: string, want: string][] = [
    ['a user admin does not manage SSO', 'ula', 'security.sso', 'denied: NOT_AUTHORIZED'],
    ['a user admin does not export org activity', 'ula', 'activity.export', 'denied: NOT_AUTHORIZED'],
    ['a user admin does not create workspaces', 'ula', 'workspaces.create', 'denied: NOT_AUTHORIZED'],
    ['a workspace admin creates workspaces', 'wes', 'workspaces.create', 'allowed'],
    ['a workspace admin views all workspaces', 'wes', 'workspaces.view_all', 'allowed'],
    ['a workspace admin views org activity', 'wes', 'activity.view', 'allowed'],
    ['a workspace admin does not add users', 'wes', 'users.add', 'denied: NOT_AUTHORIZED'],
    ['a security admin views org activity', 'sec', 'activity.view', 'allowed'],
    ['a security admin exports org activity', 'sec', 'activity.export', 'allowed'],
    ['a security admin does not add users', 'sec', 'users.add', 'denied: NOT_AUTHORIZED'],
    ['a chain security admin manages all connections and runners', 'cat', 'chains.connections', 'allowed'],
    ['a chain builder builds chains', 'bob', 'chains.build', 'allowed'],
    ['a chain builder does not manage connections', 'bob', 'chains.connections', 'denied: NOT_AUTHORIZED'],
    ['a chain owner owns chains', 'col', 'chains.own', 'allowed'],
    ['a data access admin manages database partitions', 'support:dan', 'partitions.manage', 'allowed'],
    ['a user admin does not manage database partitions', 'ula', 'partitions.manage', 'denied: NOT_AUTHORIZED'],
    ['a plain member has no admin rights', 'mo', 'org.settings', 'denied: NOT_AUTHORIZED'],
  ]
  for (const [name, actor, action, want] of cases) {
    test(name, () => expect(verdict(can(adminRoles, base, actor, action))).toBe(want))
  }
})

describe('admin-roles: anonymization and routing', () => {
  const open = org(
    { user_admin: ['ula', 'uri'], security_admin: ['sec'] },
    { status: { zed: 'terminated' }, cases: [caseAbout('c1', 'zed')] },
  )
  const approve = (actor: string) => approveCase(actor, 'c1')

  test('the approvers are the user admins', () =>
    expect(sorted(anonymizationApprovers(adminRoles, open))).toEqual(['ula', 'uri']))
  test('membership terminations go to the approvers', () =>
    expect(sorted(recipients(adminRoles, open, 'membership.terminated'))).toEqual(['ula', 'uri']))
  test('the missing-permission contact is a user admin', () =>
    expect(recipients(adminRoles, open, 'permission.contact')).toContain('ula'))

  test('decideApproveCase: a user admin approves and the subject is anonymized', () =>
    expect(summarize(decideApproveCase(adminRoles, open, approve('uri')))).toBe('approve c1 1/1; anonymize zed'))
  test('decideApproveCase: a security admin is not an approver: NOT_AUTHORIZED', () =>
    expect(summarize(decideApproveCase(adminRoles, open, approve('sec')))).toBe('denied: NOT_AUTHORIZED'))
})

describe('admin-roles: which denial wins (decide)', () => {
  const cases: Case[] = [
    [
      '1 before 2: a member asking for a role the model does not know is UNKNOWN_ROLE',
      base,
      grant('mo', 'owner', 'mo'),
      'denied: UNKNOWN_ROLE',
    ],
    [
      '2 before 5: a member granting data_access_admin to a user is NOT_AUTHORIZED, not RESERVED_ROLE',
      base,
      grant('mo', 'data_access_admin', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 5: a member granting an unpaired chain_security_admin is NOT_AUTHORIZED, not PAIRING_REQUIRED',
      base,
      grant('mo', 'chain_security_admin', 'mo'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before 6: a member revoking the only partner is NOT_AUTHORIZED, not PAIRING_REQUIRED',
      base,
      revoke('mo', 'chain_builder', 'cat'),
      'denied: NOT_AUTHORIZED',
    ],
    [
      '2 before the no-op: a security admin granting a held role is NOT_AUTHORIZED, not unchanged',
      base,
      grant('sec', 'security_admin', 'sec'),
      'denied: NOT_AUTHORIZED',
    ],
  ]
  decides(cases, (state, cmd) => decide(adminRoles, state, cmd))
})

describe('admin-roles: explain', () => {
  test('RESERVED_ROLE reads in English and German, naming the role', () => {
    const d = denied(decideGrant(adminRoles, base, grant('ula', 'data_access_admin', 'mo')))
    expect(explain(d, { model: adminRoles, locale: 'en' })).toContain('Data access administrator')
    expect(explain(d, { model: adminRoles, locale: 'de' })).toContain('Datenzugriffsadministrator')
  })

  test('PAIRING_REQUIRED reads in both languages, naming the partner roles', () => {
    const d = denied(decideGrant(adminRoles, base, grant('ula', 'chain_security_admin', 'mo')))
    expect(explain(d, { model: adminRoles, locale: 'en' })).toContain('Chain builder')
    expect(explain(d, { model: adminRoles, locale: 'de' })).toContain('Chain-Generator')
  })

  test('a missing right names the user admin to ask in both languages', () => {
    const d = denied(decideGrant(adminRoles, base, grant('sec', 'workspace_admin', 'mo')))
    expect(explain(d, { model: adminRoles, locale: 'en' })).toMatch(/\bula\b/)
    expect(explain(d, { model: adminRoles, locale: 'de' })).toMatch(/\bula\b/)
  })
})
