import { describe, expect, test } from 'vitest'
import {
  adminRoles,
  type Command,
  can,
  DENIAL_CODES,
  type Decision,
  type DenialCode,
  decide,
  multiOwner,
  orgAdmin,
  type RoleModel,
  type TransferSnapshot,
  teamroom,
  workspace,
} from '../../src/index.js'
import { NOW, org } from '../fixtures.js'

// Copied from ROLE-MODELS.md, "Stable denial codes", in the order that paragraph lists them.
const SPEC_CODES = [
  'NOT_AUTHORIZED',
  'UNKNOWN_ROLE',
  'NOT_A_MEMBER',
  'LAST_HOLDER',
  'TRANSFER_REQUIRED',
  'NOT_ENABLED',
  'NOT_ELIGIBLE',
  'PAIRING_REQUIRED',
  'RESERVED_ROLE',
  'TARGET_OUT_OF_REACH',
  'SELF_REMOVAL_FORBIDDEN',
  'QUOTA_EXCEEDED',
  'BATCH_LIMIT',
  'FEATURE_DISABLED',
  'TRANSFER_PENDING',
  'CONFIRMATION_REQUIRED',
  'IMPLIED_ROLE',
  'SELF_APPROVAL_FORBIDDEN',
  'TRANSFER_CLOSED',
  'CASE_CLOSED',
]

// Copied from the same section's "Which denial wins": the steps, each checked left to right.
// PAIRING_REQUIRED appears in steps 5 and 6; its first place is where it ranks.
const SPEC_PRECEDENCE = [
  ['UNKNOWN_ROLE'],
  ['NOT_AUTHORIZED'],
  ['TRANSFER_REQUIRED'],
  ['FEATURE_DISABLED', 'BATCH_LIMIT', 'QUOTA_EXCEEDED', 'TRANSFER_PENDING', 'TRANSFER_CLOSED', 'CASE_CLOSED'],
  [
    'RESERVED_ROLE',
    'NOT_A_MEMBER',
    'TARGET_OUT_OF_REACH',
    'NOT_ELIGIBLE',
    'NOT_ENABLED',
    'PAIRING_REQUIRED',
    'SELF_REMOVAL_FORBIDDEN',
    'SELF_APPROVAL_FORBIDDEN',
  ],
  ['LAST_HOLDER', 'IMPLIED_ROLE', 'PAIRING_REQUIRED'],
  ['CONFIRMATION_REQUIRED'],
]

describe('DENIAL_CODES', () => {
  test('has exactly the stable codes the spec lists', () => {
    expect(Object.keys(DENIAL_CODES).sort()).toEqual([...SPEC_CODES].sort())
    expect(new Set(SPEC_CODES).size).toBe(SPEC_CODES.length)
  })

  test('lists them in the spec’s order of precedence, each with its step', () => {
    const ranked = new Map<string, number>()
    SPEC_PRECEDENCE.forEach((codes, i) => {
      for (const code of codes) if (!ranked.has(code)) ranked.set(code, i + 1)
    })
    expect(Object.entries(DENIAL_CODES).map(([code, { step }]) => [code, step])).toEqual([...ranked])
  })
})

const transfer = (status: TransferSnapshot['status']): TransferSnapshot => ({
  id: 't1',
  role: 'owner',
  from: 'ana',
  to: 'bo',
  status,
  expiresAt: '2026-12-01T12:00:00.000Z',
  formerHolder: 'default',
})
const run = (model: RoleModel, state: ReturnType<typeof org>, cmd: Command) => () => decide(model, state, cmd)

/** One concrete model, state and command per code: the rule it shows, and how to get the decision. */
const rows = {
  UNKNOWN_ROLE: [
    'granting a role the model does not have',
    run(teamroom, org({ owner: ['ana'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'ana',
      role: 'wizard',
      target: 'bo',
    }),
  ],
  NOT_AUTHORIZED: [
    'an admin grants co_owner, which only owners and co-owners may',
    run(teamroom, org({ owner: ['ana'], admin: ['dee'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'dee',
      role: 'co_owner',
      target: 'bo',
    }),
  ],
  TRANSFER_REQUIRED: [
    'the owner grants the owner role directly',
    run(teamroom, org({ owner: ['ana'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'ana',
      role: 'owner',
      target: 'bo',
    }),
  ],
  FEATURE_DISABLED: [
    'buying licenses while the licensing flag is off',
    () => can(teamroom, org({ owner: ['ana'] }, { features: { licensing: false } }), 'ana', 'licenses.purchase'),
  ],
  BATCH_LIMIT: [
    'assigning eleven workspaces in one request',
    run(orgAdmin, org({ admin: ['ada'] }, { members: ['ben'] }), {
      kind: 'contexts.assign',
      actor: 'ada',
      target: 'ben',
      add: Array.from({ length: 11 }, (_, i) => `workspace:${i}`),
    }),
  ],
  QUOTA_EXCEEDED: [
    'creating a team when the plan’s teams are used up',
    run(workspace, org({ owner: ['al'] }, { quotas: { maxTeams: 1 }, usage: { teams: 1 } }), {
      kind: 'context.create',
      actor: 'al',
      contextKind: 'team',
      context: 'team:ops',
    }),
  ],
  TRANSFER_PENDING: [
    'starting a second transfer while one is open',
    run(teamroom, org({ owner: ['ana'] }, { members: ['bo', 'cy'], transfers: [transfer('open')] }), {
      kind: 'transfer.request',
      actor: 'ana',
      to: 'cy',
      now: NOW,
    }),
  ],
  TRANSFER_CLOSED: [
    'accepting a declined transfer',
    run(teamroom, org({ owner: ['ana'] }, { members: ['bo'], transfers: [transfer('declined')] }), {
      kind: 'transfer.accept',
      actor: 'bo',
      transferId: 't1',
      now: NOW,
    }),
  ],
  CASE_CLOSED: [
    'approving a case whose subject is already anonymized',
    run(
      teamroom,
      org(
        { owner: ['ana'] },
        {
          status: { eli: 'terminated' },
          cases: [{ id: 'c1', subject: 'eli', status: 'anonymized', approvals: ['ana'] }],
        },
      ),
      { kind: 'case.approve', actor: 'ana', caseId: 'c1' },
    ),
  ],
  RESERVED_ROLE: [
    'granting data_access_admin to a user rather than a support principal',
    run(adminRoles, org({ user_admin: ['uma'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'uma',
      role: 'data_access_admin',
      target: 'bo',
    }),
  ],
  NOT_A_MEMBER: [
    'granting a members-only role to a pending invitee',
    run(workspace, org({ owner: ['al'] }, { status: { bo: 'invited' } }), {
      kind: 'grant',
      actor: 'al',
      role: 'admin',
      target: 'bo',
    }),
  ],
  TARGET_OUT_OF_REACH: [
    'a user admin removes someone who holds a role',
    run(orgAdmin, org({ admin: ['ada'], user_admin: ['uli'], billing_admin: ['ben'] }), {
      kind: 'member.remove',
      actor: 'uli',
      target: 'ben',
    }),
  ],
  NOT_ELIGIBLE: [
    'main_admin for someone who is not an admin',
    run(teamroom, org({ owner: ['ana'], admin: ['dee', 'eli'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'ana',
      role: 'main_admin',
      target: 'bo',
    }),
  ],
  NOT_ENABLED: [
    'main_owner while there is no co-owner',
    run(teamroom, org({ owner: ['ana'] }), { kind: 'grant', actor: 'ana', role: 'main_owner', target: 'ana' }),
  ],
  PAIRING_REQUIRED: [
    'chain_security_admin without chain_builder or chain_owner',
    run(adminRoles, org({ user_admin: ['uma'] }, { members: ['bo'] }), {
      kind: 'grant',
      actor: 'uma',
      role: 'chain_security_admin',
      target: 'bo',
    }),
  ],
  SELF_REMOVAL_FORBIDDEN: [
    'an org-admin admin removes themselves',
    run(orgAdmin, org({ admin: ['ada', 'ali'] }), { kind: 'member.remove', actor: 'ada', target: 'ada' }),
  ],
  SELF_APPROVAL_FORBIDDEN: [
    // Non-members may hold compliance_manager in teamroom, so a former member can be an approver of their own case.
    'a compliance manager approves the case about themselves',
    run(
      teamroom,
      org(
        { owner: ['ana'], compliance_manager: ['cleo'] },
        { status: { cleo: 'terminated' }, cases: [{ id: 'c1', subject: 'cleo', status: 'open', approvals: [] }] },
      ),
      { kind: 'case.approve', actor: 'cleo', caseId: 'c1' },
    ),
  ],
  LAST_HOLDER: [
    'the only owner leaves',
    run(teamroom, org({ owner: ['ana'] }), { kind: 'member.remove', actor: 'ana', target: 'ana' }),
  ],
  IMPLIED_ROLE: [
    'revoking super_admin from the workspace owner, who holds it through the owner role',
    run(workspace, org({ owner: ['al'], super_admin: ['sue'] }), {
      kind: 'revoke',
      actor: 'sue',
      role: 'super_admin',
      target: 'al',
    }),
  ],
  CONFIRMATION_REQUIRED: [
    'granting ownership in multi-owner without the confirm step',
    run(multiOwner, org({ owner: ['mia'], primary_owner: ['mia'] }, { members: ['max'] }), {
      kind: 'grant',
      actor: 'mia',
      role: 'owner',
      target: 'max',
    }),
  ],
} satisfies Record<DenialCode, [rule: string, decision: () => Decision]>

describe('every denial code is reachable', () => {
  test('the table has one row per code, in the codes’ order', () => {
    expect(Object.keys(rows)).toEqual(Object.keys(DENIAL_CODES))
  })

  for (const [code, [rule, decision]] of Object.entries(rows)) {
    test(`${code}: ${rule}`, () => {
      const d = decision()
      expect(d.ok ? 'allowed' : d.code).toBe(code)
    })
  }
})
