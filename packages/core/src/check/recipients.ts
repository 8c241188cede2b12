import { compile } from '../model/compile.js'
import type { RoleModel, Topic } from '../model/schema.js'
import { approvers, type RouteParties, routeRecipients } from '../rules/routing.js'
import type { RoleView } from '../state/role-view.js'
import type { PrincipalId } from '../state/snapshot.js'

/**
 * Who receives a notification topic in this org, per the model's routes
 * (teamroom org messages: the main owner if set, else owner and co-owners; and the main admin if set, else all admins).
 * @example recipients(teamroom, state, 'transfer.requested', { recipient: 'bo' }) // ['bo']
 */
export const recipients = (model: RoleModel, org: RoleView, topic: Topic, parties?: RouteParties): PrincipalId[] =>
  routeRecipients(compile(model), org, topic, parties)

/** Everyone who may approve anonymization cases in this org. */
export const anonymizationApprovers = (model: RoleModel, org: RoleView): PrincipalId[] => approvers(compile(model), org)

export type { RouteParties }
