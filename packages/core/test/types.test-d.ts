import { expectTypeOf } from 'vitest'
import { type Decision, type DenialCode, decide, indexOrg, teamroom } from '../src/index.js'

const state = indexOrg({ id: 'o', name: 'O' })
const decision = decide(teamroom, state, { kind: 'grant', actor: 'ana', role: 'admin', target: 'bo' })
expectTypeOf(decision).toEqualTypeOf<Decision>()
if (decision.ok)
  expectTypeOf(decision.effects[0]?.kind).toEqualTypeOf<
    | 'role.granted'
    | 'role.revoked'
    | 'transfer.requested'
    | 'transfer.accepted'
    | 'transfer.declined'
    | 'transfer.cancelled'
    | 'transfer.voided'
    | 'member.invited'
    | 'member.activated'
    | 'member.terminated'
    | 'context.assigned'
    | 'context.unassigned'
    | 'context.created'
    | 'case.opened'
    | 'case.approved'
    | 'case.reminder_set'
    | 'case.reminder_cleared'
    | 'user.anonymized'
    | undefined
  >()
else expectTypeOf(decision.code).toEqualTypeOf<DenialCode>()

// @ts-expect-error a command needs its kind's fields: a grant names a target
decide(teamroom, state, { kind: 'grant', actor: 'ana', role: 'admin' })
// @ts-expect-error there is no such command
decide(teamroom, state, { kind: 'promote', actor: 'ana' })
// @ts-expect-error denial codes are a closed set
const code: DenialCode = 'FORBIDDEN'
void code
