import { type RoleModel, type RoleModelInput, RoleModelSchema } from './schema.js'

/**
 * Parses model data written in code (a preset) and fills in defaults. A preset that does not parse is a
 * programmer error, so this throws; models from users go through `parseModel`/`validateModel` instead.
 * @example export const mine = defineModel({ id: 'mine', name: 'Mine', ownerRole: 'owner', founderRoles: ['owner'], roles: [...] })
 */
export function defineModel(input: RoleModelInput): RoleModel {
  return RoleModelSchema.parse(input)
}
