import type { Reply } from '../blocks/reply.js'
import { rolesUsage } from '../blocks/usage.js'
import type { Session } from './session.js'

/** Usage, with the roles this org's model shows. */
export async function helpReply({ org, rolecall }: Session): Promise<Reply> {
  const roles = await rolecall.roles.list(org.orgId)
  return rolesUsage(
    null,
    roles.filter((r) => r.visible && r.enabled).map((r) => ({ role: r.role, label: r.label.en })),
  )
}
