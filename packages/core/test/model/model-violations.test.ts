import { describe, expect, test } from 'vitest'
import {
  adminRoles,
  findModelViolations,
  type ModelViolation,
  multiOwner,
  orgAdmin,
  type RoleModel,
  teamroom,
  workspace,
} from '../../src/index.js'
import { org, pendingTransfer } from '../fixtures.js'

/** One line per violation, e.g. `UNKNOWN_ROLE owner ana`, sorted so the table does not depend on the order. */
const lines = (violations: ModelViolation[]) =>
  violations
    .map((v) =>
      [v.code, v.role, v.principal, v.context && `in ${v.context}`, v.limit !== undefined && `${v.count}/${v.limit}`]
        .filter(Boolean)
        .join(' '),
    )
    .sort()

type Row = [name: string, model: RoleModel, state: ReturnType<typeof org>, want: string[]]

const rows: Row[] = [
  ['a teamroom org fits its own preset', teamroom, org({ owner: ['ana'], co_owner: ['bo'], admin: ['cy'] }), []],
  [
    'roles the new model lacks, and its minimum left unfilled',
    orgAdmin,
    org({ owner: ['ana'], co_owner: ['bo'] }),
    ['BELOW_MIN admin 0/1', 'UNKNOWN_ROLE co_owner bo', 'UNKNOWN_ROLE owner ana'],
  ],
  [
    'a members-only role held by someone who is not an active member',
    multiOwner,
    org({ owner: ['ana', 'bo'], primary_owner: ['ana'] }, { status: { bo: 'invited' } }),
    ['NOT_A_MEMBER owner bo'],
  ],
  [
    'chosen from: the primary owner must be an owner',
    multiOwner,
    org({ owner: ['ana'], primary_owner: ['bo'] }),
    ['NOT_ELIGIBLE primary_owner bo'],
  ],
  [
    'a maximum of one, held by two',
    multiOwner,
    org({ owner: ['ana', 'bo'], primary_owner: ['ana', 'bo'] }),
    ['ABOVE_MAX primary_owner 2/1'],
  ],
  [
    'enabled when: a main admin with a single admin',
    teamroom,
    org({ owner: ['ana'], admin: ['dee'], main_admin: ['dee'] }),
    ['NOT_ENABLED main_admin dee 1/2'],
  ],
  [
    'reserved for support principals',
    adminRoles,
    org({ user_admin: ['ana'], data_access_admin: ['bo', 'support:sam'] }),
    ['RESERVED_ROLE data_access_admin bo'],
  ],
  [
    'requires one of: an unpaired chain security admin',
    adminRoles,
    org({ user_admin: ['ana'], chain_security_admin: ['bo'] }),
    ['PAIRING_REQUIRED chain_security_admin bo'],
  ],
  ['implied roles count: the workspace owner is also a super admin', workspace, org({ owner: ['ana'] }), []],
  [
    'a role held in a context the new model does not scope',
    teamroom,
    org({ owner: ['ana'] }, { contexts: { 'teamroom:1': { admin: ['bo'] } } }),
    ['NOT_SCOPED admin bo in teamroom:1'],
  ],
  [
    'an open transfer of a role the new model does not move by transfer',
    orgAdmin,
    org({ admin: ['ada', 'ben'] }, { transfers: [pendingTransfer('t1', 'ada', 'ben')] }),
    ['OPEN_TRANSFER owner ben'],
  ],
  [
    'an open transfer of the owner role is fine where owner moves by transfer',
    workspace,
    org({ owner: ['ana'] }, { members: ['bo'], transfers: [pendingTransfer('t1', 'ana', 'bo')] }),
    [],
  ],
  [
    'a scoped role per context is fine',
    teamroom,
    org({ owner: ['ana'], support_team: ['sue'] }, { contexts: { 'teamroom:1': { support_team: ['tom'] } } }),
    [],
  ],
]

describe('findModelViolations', () => {
  for (const [name, model, state, want] of rows) {
    test(name, () => expect(lines(findModelViolations(model, state))).toEqual(want))
  }
})
