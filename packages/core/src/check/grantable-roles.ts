import type { DenialCode } from '../codes.js'
import { decideGrant } from '../decide/grant.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { roleAuthority } from '../rules/authority.js'
import { isEnabled } from '../rules/target.js'
import type { OrgState } from '../state/org-state.js'
import type { PrincipalId } from '../state/snapshot.js'

export interface GrantableRole {
  role: string
  /** Whether the actor may grant it to someone right now; if not, the code a grant would get. */
  grant: { ok: true } | { ok: false; code: DenialCode }
  revoke: { ok: true } | { ok: false; code: DenialCode }
  /** Who may receive it, as the model states it (the precise answer per person is `eligibleTargets`). */
  targets: { membersOnly: boolean; chosenFrom?: string[]; requiresOneOf?: string[]; reservedFor?: 'support' }
}

/**
 * For an actor, which roles they may grant or revoke right now, from the same rules the decisions use:
 * what a UI or the Slack bot's help shows.
 */
export function grantableRoles(model: RoleModel, org: OrgState, actor: PrincipalId): GrantableRole[] {
  const cm = compile(model)
  return model.roles.map((role) => {
    const grantDenied = roleAuthority(cm, org, actor, role, 'grant')
    const revokeDenied = roleAuthority(cm, org, actor, role, 'revoke')
    const grant = grantDenied
      ? ({ ok: false, code: grantDenied.code } as const)
      : isEnabled(cm, org, role)
        ? ({ ok: true } as const)
        : ({ ok: false, code: 'NOT_ENABLED' } as const)
    return {
      role: role.name,
      grant,
      revoke: revokeDenied ? { ok: false, code: revokeDenied.code } : { ok: true },
      targets: {
        membersOnly: role.membersOnly,
        ...(role.chosenFrom ? { chosenFrom: role.chosenFrom } : {}),
        ...(role.requiresOneOf ? { requiresOneOf: role.requiresOneOf } : {}),
        ...(role.reservedFor ? { reservedFor: role.reservedFor } : {}),
      },
    }
  })
}

/** The candidates (members and current role holders) to whom a grant of the role by the actor would succeed. */
export function eligibleTargets(
  model: RoleModel,
  org: OrgState,
  actor: PrincipalId,
  role: string,
  candidates?: Iterable<PrincipalId>,
): PrincipalId[] {
  const pool = candidates ?? [...org.members()].filter(([, s]) => s !== 'terminated').map(([p]) => p)
  const out: PrincipalId[] = []
  for (const target of pool) {
    const decision = decideGrant(model, org, { actor, role, target, confirmed: true })
    if (decision.ok && decision.changed) out.push(target)
  }
  return out
}
