import { type Denied, deny, type Warning } from '../decision.js'
import type { Cause, Effect } from '../effects.js'
import type { CompiledModel } from '../model/compile.js'
import { ORG_WIDE, type RoleView } from '../state/role-view.js'
import type { MembershipStatus, PrincipalId } from '../state/snapshot.js'
import { type ChangedView, withChanges } from '../state/with-changes.js'
import { holderCount, holds } from './holding.js'
import { isEnabled } from './target.js'

const orNull = (context: string) => (context === ORG_WIDE ? null : context)

/**
 * The changes a decision is about to make, applied to a view of the org so later rules
 * see the state after them. Effects are recorded in the order they happen.
 */
export class Plan {
  readonly view: ChangedView
  readonly effects: Effect[] = []
  private readonly cleared: Warning[] = []
  private readonly statusChanged = new Set<PrincipalId>()

  constructor(
    readonly cm: CompiledModel,
    readonly before: RoleView,
  ) {
    this.view = withChanges(before)
  }

  grant(role: string, principal: PrincipalId, context: string, cause: Cause): this {
    if (this.view.has(principal, role, context)) return this
    this.view.apply({ op: 'grant', role, principal, context })
    this.effects.push({ kind: 'role.granted', role, principal, context: orNull(context), cause })
    return this
  }

  revoke(role: string, principal: PrincipalId, context: string, cause: Cause): this {
    if (!this.view.has(principal, role, context)) return this
    this.view.apply({ op: 'revoke', role, principal, context })
    this.effects.push({ kind: 'role.revoked', role, principal, context: orNull(context), cause })
    if (cause === 'cascade') this.cleared.push({ code: 'ROLE_CLEARED', params: { role, target: principal } })
    return this
  }

  setStatus(principal: PrincipalId, status: MembershipStatus): this {
    this.view.apply({ op: 'status', principal, status })
    this.statusChanged.add(principal)
    return this
  }

  emit(effect: Effect): this {
    this.effects.push(effect)
    return this
  }

  /**
   * Applies the model's cascades until nothing changes: a role whose enabled-when condition fails is
   * cleared, a holder who lost every role it is chosen from loses it, a members-only role leaves with membership.
   */
  settle(): this {
    const { roles } = this.cm.model
    for (let pass = 0; pass <= roles.length; pass++) {
      const before = this.effects.length
      for (const role of roles) {
        if (!isEnabled(this.cm, this.view, role)) {
          for (const context of [ORG_WIDE, ...this.view.contextsOf(role.name)]) {
            for (const h of this.view.holders(role.name, context)) this.revoke(role.name, h, context, 'cascade')
          }
        }
        if (role.chosenFrom) {
          const from = role.chosenFrom
          for (const h of this.view.holders(role.name)) {
            if (!from.some((r) => holds(this.cm, this.view, h, r))) this.revoke(role.name, h, ORG_WIDE, 'cascade')
          }
        }
        if (role.membersOnly) {
          for (const p of this.statusChanged) {
            if (this.view.status(p) !== 'active') this.revoke(role.name, p, ORG_WIDE, 'cascade')
          }
        }
      }
      if (this.effects.length === before) break
    }
    return this
  }

  /** Step 6: the first minimum the changes would break (in model order), then a pairing they would break. */
  breach(): Denied | undefined {
    for (const role of this.cm.model.roles) {
      if (role.min === 0) continue
      const after = holderCount(this.cm, this.view, role.name)
      if (after < role.min && after < holderCount(this.cm, this.before, role.name)) {
        const handers = role.transferOnly ? [role.name] : [...(this.cm.grantedBy.get(role.name) ?? [])]
        return deny('LAST_HOLDER', { role: role.name, limit: role.min }, handers)
      }
    }
    return undefined
  }

  /** A holder of a paired role who had a partner role before the change and has none after it. */
  pairingBreach(): Denied | undefined {
    for (const role of this.cm.model.roles) {
      const partners = role.requiresOneOf
      if (!partners) continue
      for (const h of this.view.holders(role.name)) {
        const paired = (v: RoleView) => partners.some((r) => holds(this.cm, v, h, r))
        if (!paired(this.view) && paired(this.before)) {
          return deny('PAIRING_REQUIRED', { role: role.name, target: h, partners }, partners)
        }
      }
    }
    return undefined
  }

  /** Advice for an allowed change: roles a cascade cleared, and roles below their recommended count. */
  warnings(): Warning[] {
    const out = [...this.cleared]
    for (const role of this.cm.model.roles) {
      if (!role.recommendedMin) continue
      const n = holderCount(this.cm, this.view, role.name)
      if (n < role.recommendedMin) {
        out.push({ code: 'BELOW_RECOMMENDED', params: { role: role.name, limit: role.recommendedMin, requested: n } })
      }
    }
    return out
  }
}
