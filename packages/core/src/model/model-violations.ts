import { holderCount, holds } from '../rules/holding.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'
import { isSupportPrincipal, type PrincipalId } from '../state/snapshot.js'
import { compile } from './compile.js'
import type { RoleModel } from './schema.js'

/** Why an org's current holders do not fit a model, one code per rule of the model's vocabulary. */
export const MODEL_VIOLATION_CODES = {
  UNKNOWN_ROLE: 'someone holds a role the model does not have',
  NOT_SCOPED: 'a role is held in a context, but the model does not scope it',
  BELOW_MIN: 'fewer holders than the role’s minimum',
  ABOVE_MAX: 'more holders than the role’s maximum',
  NOT_A_MEMBER: 'a members-only role is held by someone who is not an active member',
  RESERVED_ROLE: 'a role reserved for support principals is held by someone else',
  NOT_ELIGIBLE: 'the holder does not hold a role the model chooses it from',
  NOT_ENABLED: 'the role is held while the role it is enabled by has too few holders',
  PAIRING_REQUIRED: 'the holder lacks every role the model requires it to be paired with',
  OPEN_TRANSFER: 'an open transfer moves a role the model lacks or does not move by transfer',
} as const
export type ModelViolationCode = keyof typeof MODEL_VIOLATION_CODES

export interface ModelViolation {
  code: ModelViolationCode
  role: string
  /** The holder concerned (OPEN_TRANSFER: its recipient); absent for a count (BELOW_MIN, ABOVE_MAX). */
  principal?: PrincipalId
  /** The context of a scoped assignment; absent org-wide. */
  context?: string
  /** BELOW_MIN, ABOVE_MAX and NOT_ENABLED: the limit, and how many hold the (enabling) role now. */
  limit?: number
  count?: number
}

/**
 * Every way the org's current holders would break `model`, e.g. before switching an org to it. Empty means
 * the org can run on the model as it stands; nothing is checked about who may grant what.
 * @example findModelViolations(orgAdmin, state) // [{ code: 'UNKNOWN_ROLE', role: 'owner', principal: 'ana' }, …]
 */
export function findModelViolations(model: RoleModel, org: OrgState): ModelViolation[] {
  const cm = compile(model)
  const out: ModelViolation[] = []
  // The contexts each role is held in, for the per-context maximum of scoped roles.
  const heldIn = new Map<string, Set<string>>()
  for (const principal of org.principalsWithRoles()) {
    for (const { role, context } of org.assignmentsOf(principal)) {
      const at = (v: Omit<ModelViolation, 'role' | 'principal' | 'context'>): ModelViolation => ({
        ...v,
        role,
        principal,
        ...(context === ORG_WIDE ? {} : { context }),
      })
      const def = cm.roles.get(role)
      if (!def) {
        out.push(at({ code: 'UNKNOWN_ROLE' }))
        continue
      }
      heldAt(heldIn, role).add(context)
      if (context !== ORG_WIDE && !def.scoped) out.push(at({ code: 'NOT_SCOPED' }))
      if (def.membersOnly && org.status(principal) !== 'active') out.push(at({ code: 'NOT_A_MEMBER' }))
      if (def.reservedFor === 'support' && !isSupportPrincipal(principal)) out.push(at({ code: 'RESERVED_ROLE' }))
      if (def.chosenFrom && !def.chosenFrom.some((r) => holds(cm, org, principal, r, context))) {
        out.push(at({ code: 'NOT_ELIGIBLE' }))
      }
      if (def.enabledWhen) {
        const count = holderCount(cm, org, def.enabledWhen.role)
        if (count < def.enabledWhen.atLeast)
          out.push(at({ code: 'NOT_ENABLED', limit: def.enabledWhen.atLeast, count }))
      }
      if (def.requiresOneOf && !def.requiresOneOf.some((r) => holds(cm, org, principal, r, context))) {
        out.push(at({ code: 'PAIRING_REQUIRED' }))
      }
    }
  }
  for (const def of model.roles) {
    const count = holderCount(cm, org, def.name)
    if (count < def.min) out.push({ code: 'BELOW_MIN', role: def.name, limit: def.min, count })
    if (def.max === undefined) continue
    for (const context of def.scoped ? (heldIn.get(def.name) ?? [ORG_WIDE]) : [ORG_WIDE]) {
      const n = holderCount(cm, org, def.name, context)
      if (n > def.max) {
        out.push({
          code: 'ABOVE_MAX',
          role: def.name,
          ...(context === ORG_WIDE ? {} : { context }),
          limit: def.max,
          count: n,
        })
      }
    }
  }
  const open = org.openTransfer()
  if (open && !cm.roles.get(open.role)?.transferOnly) {
    out.push({ code: 'OPEN_TRANSFER', role: open.role, principal: open.to })
  }
  return out
}

function heldAt(map: Map<string, Set<string>>, role: string): Set<string> {
  let set = map.get(role)
  if (!set) {
    set = new Set()
    map.set(role, set)
  }
  return set
}
