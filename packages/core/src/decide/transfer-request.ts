import type { TransferRequestCommand } from '../commands.js'
import { allow, type Decision, deny } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { holdersOf } from '../rules/holding.js'
import { isDenied, lookupRole } from '../rules/lookup.js'
import { targetDenial } from '../rules/target.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'

const DAY_MS = 86_400_000

/**
 * Decides starting a transfer of a transfer-only role (by default the model's owner role).
 * The recipient must qualify for the role now, with the code a grant would get.
 * @example decideTransferRequest(teamroom, state, { kind: 'transfer.request', actor: 'ana', to: 'bo', now })
 */
export function decideTransferRequest(
  model: RoleModel,
  org: OrgState,
  cmd: Omit<TransferRequestCommand, 'kind'>,
): Decision {
  const cm = compile(model)
  const role = lookupRole(cm, cmd.role ?? model.ownerRole)
  if (isDenied(role)) return role
  const current = holdersOf(cm, org, role.name)
  if (!role.transferOnly) {
    const granters = [...(cm.grantedBy.get(role.name) ?? [])]
    return deny('NOT_AUTHORIZED', { role: role.name, action: 'transfer' }, granters)
  }
  if (!current.includes(cmd.actor)) return deny('NOT_AUTHORIZED', { role: role.name }, [role.name], current[0])
  const open = org.openTransfer()
  const stillOpen = open !== undefined && Date.parse(cmd.now) < Date.parse(open.expiresAt)
  if (stillOpen)
    return deny('TRANSFER_PENDING', { role: open.role, transferId: open.id, target: open.to }, [], open.from)
  if (cmd.to === cmd.actor) return deny('NOT_ELIGIBLE', { role: role.name, target: cmd.to })
  const target = targetDenial(cm, org, role, cmd.to, ORG_WIDE)
  if (target) return target
  const expiresAt = new Date(Date.parse(cmd.now) + model.transfers.expiresAfterDays * DAY_MS).toISOString()
  // A transfer past its expiry no longer blocks a new one; it is closed as expired on the way.
  const expired = open ? [{ kind: 'transfer.voided' as const, transferId: open.id, reason: 'expired' as const }] : []
  return allow([
    ...expired,
    {
      kind: 'transfer.requested',
      role: role.name,
      from: cmd.actor,
      to: cmd.to,
      expiresAt,
      formerHolder: cmd.formerHolder ?? 'default',
    },
  ])
}
