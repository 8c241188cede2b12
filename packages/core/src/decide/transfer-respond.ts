import type { TransferRespondCommand } from '../commands.js'
import { allow, type Decision, deny } from '../decision.js'
import { compile } from '../model/compile.js'
import type { RoleModel } from '../model/schema.js'
import { Plan } from '../rules/plan.js'
import { targetDenial } from '../rules/target.js'
import type { OrgState } from '../state/org-state.js'
import { ORG_WIDE } from '../state/role-view.js'

/**
 * Decides accepting, declining or cancelling a transfer. Only the recipient accepts or declines,
 * only the initiator cancels, and only while the transfer is open and unexpired.
 * On acceptance the role changes hands; the former holder becomes the role's `formerHolderBecomes`
 * (teamroom: co-owner) unless the request said `member`, and a recipient who held that role gives it up.
 */
export function decideTransferRespond(
  model: RoleModel,
  org: OrgState,
  cmd: Omit<TransferRespondCommand, 'kind'> & Pick<TransferRespondCommand, 'kind'>,
): Decision {
  const cm = compile(model)
  const transfer = org.transfers.find((t) => t.id === cmd.transferId)
  if (!transfer) return deny('TRANSFER_CLOSED', { transferId: cmd.transferId })
  const party = cmd.kind === 'transfer.cancel' ? transfer.from : transfer.to
  if (cmd.actor !== party) return deny('NOT_AUTHORIZED', { transferId: transfer.id, role: transfer.role }, [], party)
  const open = transfer.status === 'open' && Date.parse(cmd.now) < Date.parse(transfer.expiresAt)
  if (!open) return deny('TRANSFER_CLOSED', { transferId: transfer.id, role: transfer.role })
  if (cmd.kind === 'transfer.decline') return allow([{ kind: 'transfer.declined', transferId: transfer.id }])
  if (cmd.kind === 'transfer.cancel') return allow([{ kind: 'transfer.cancelled', transferId: transfer.id }])

  const role = cm.roles.get(transfer.role)
  if (!role || !org.has(transfer.from, role.name))
    return deny('TRANSFER_CLOSED', { transferId: transfer.id, role: transfer.role })
  const target = targetDenial(cm, org, role, transfer.to, ORG_WIDE)
  if (target) return target

  const plan = new Plan(cm, org).emit({
    kind: 'transfer.accepted',
    transferId: transfer.id,
    role: role.name,
    from: transfer.from,
    to: transfer.to,
  })
  const successor = transfer.formerHolder === 'default' ? role.formerHolderBecomes : undefined
  if (successor) plan.revoke(successor, transfer.to, ORG_WIDE, 'transfer')
  plan.revoke(role.name, transfer.from, ORG_WIDE, 'transfer').grant(role.name, transfer.to, ORG_WIDE, 'transfer')
  if (successor) plan.grant(successor, transfer.from, ORG_WIDE, 'transfer')
  plan.settle()
  const breach = plan.breach() ?? plan.pairingBreach()
  if (breach) return breach
  return allow(plan.effects, plan.warnings())
}
