import { describe, expect, test } from 'vitest'
import {
  adminRoles,
  indexOrg,
  type OrgSnapshot,
  orgAdmin,
  type RoleModel,
  type TransferSnapshot,
  teamroom,
  workspace,
} from '../../src/index.js'
import { violations } from './invariants.js'

const active = (...principals: string[]) => principals.map((principal) => ({ principal, status: 'active' as const }))
const held = (role: string, principal: string, context: string | null = null) => ({ role, principal, context })
const open = (id: string, to: string): TransferSnapshot => ({
  id,
  role: 'owner',
  from: 'ana',
  to,
  status: 'open',
  expiresAt: '2026-12-01T12:00:00.000Z',
  formerHolder: 'default',
})
const orgOf = (rest: Omit<OrgSnapshot, 'id' | 'name'>): OrgSnapshot => ({ id: 'org-1', name: 'Acme', ...rest })

// The checker itself must see each kind of breach, or the walks above would pass without proving anything.
const broken: [name: string, model: RoleModel, snapshot: OrgSnapshot, want: string][] = [
  [
    'two owners',
    teamroom,
    orgOf({ members: active('ana', 'bo'), assignments: [held('owner', 'ana'), held('owner', 'bo')] }),
    'max:',
  ],
  ['no owner', teamroom, orgOf({ members: active('ana') }), 'min:'],
  [
    'an invited owner',
    workspace,
    orgOf({ members: [{ principal: 'bo', status: 'invited' }], assignments: [held('owner', 'bo')] }),
    'members only:',
  ],
  [
    'main_admin for a non-admin',
    teamroom,
    orgOf({
      members: active('ana', 'bo', 'dee', 'eli'),
      assignments: [held('owner', 'ana'), held('admin', 'dee'), held('admin', 'eli'), held('main_admin', 'bo')],
    }),
    'chosen from:',
  ],
  [
    'main_owner without a co-owner',
    teamroom,
    orgOf({ members: active('ana'), assignments: [held('owner', 'ana'), held('main_owner', 'ana')] }),
    'enabled when:',
  ],
  [
    'an unpaired chain_security_admin',
    adminRoles,
    orgOf({ members: active('uma'), assignments: [held('user_admin', 'uma'), held('chain_security_admin', 'uma')] }),
    'pairing:',
  ],
  [
    'data_access_admin for a user',
    adminRoles,
    orgOf({ members: active('uma'), assignments: [held('user_admin', 'uma'), held('data_access_admin', 'uma')] }),
    'reserved:',
  ],
  [
    'two open transfers',
    teamroom,
    orgOf({
      members: active('ana', 'bo', 'cy'),
      assignments: [held('owner', 'ana')],
      transfers: [open('t1', 'bo'), open('t2', 'cy')],
    }),
    'transfers:',
  ],
  [
    'an open transfer to a former member',
    teamroom,
    orgOf({
      members: [...active('ana'), { principal: 'bo', status: 'terminated' }],
      assignments: [held('owner', 'ana')],
      transfers: [open('t1', 'bo')],
    }),
    'transfers:',
  ],
  [
    'the implicit role assigned',
    orgAdmin,
    orgOf({ members: active('ada'), assignments: [held('admin', 'ada'), held('member', 'ada')] }),
    'implicit:',
  ],
  [
    'an unscoped role in a context',
    teamroom,
    orgOf({ members: active('ana'), assignments: [held('owner', 'ana'), held('admin', 'ana', 'ctx:1')] }),
    'scoped:',
  ],
]

describe('violations', () => {
  for (const [name, model, snapshot, want] of broken) {
    test(`reports ${name}`, () => {
      expect(violations(model, snapshot, indexOrg(snapshot)).join('\n')).toContain(want)
    })
  }

  test('counts the workspace owner as a super_admin through implication', () => {
    const snapshot = orgOf({ members: active('al'), assignments: [held('owner', 'al')] })
    expect(violations(workspace, snapshot, indexOrg(snapshot))).toEqual([])
  })
})
