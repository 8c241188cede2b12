import type { RoleModel } from '../model/schema.js'
import { adminRoles } from './admin-roles.js'
import { multiOwner } from './multi-owner.js'
import { orgAdmin } from './org-admin.js'
import { teamroom } from './teamroom.js'
import { workspace } from './workspace.js'

export { adminRoles, multiOwner, orgAdmin, teamroom, workspace }

/** The built-in models by id; `teamroom` is the default. */
export const PRESETS: Readonly<Record<string, RoleModel>> = Object.freeze({
  teamroom,
  workspace,
  'org-admin': orgAdmin,
  'multi-owner': multiOwner,
  'admin-roles': adminRoles,
})

export const DEFAULT_PRESET = 'teamroom'
export const presetIds = Object.keys(PRESETS)
