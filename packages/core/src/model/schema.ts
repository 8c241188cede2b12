import { z } from 'zod'

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case, starting with a letter')
const actionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'dotted lower_snake_case, e.g. members.invite')
const label = z.strictObject({ en: z.string().min(1), de: z.string().min(1) })

/** How much of an area a role reaches; ordered from nothing to everything. */
export const LEVELS = ['none', 'view', 'limited', 'full'] as const
export const Level = z.enum(LEVELS)
export type Level = z.infer<typeof Level>

/** A route entry is a role name, or `@approvers`, `@recipient`, `@subject` for the people a message is about. */
const routeEntry = z.string().regex(/^(@(approvers|recipient|subject)|[a-z][a-z0-9_]*)$/)

export const RoleSchema = z.strictObject({
  name,
  label,
  /** Fewest holders the org may have (per context for scoped roles). */
  min: z.number().int().min(0).default(0),
  /** Most holders; granting a max-1 role that someone holds replaces them. */
  max: z.number().int().min(1).optional(),
  /** Only active members may hold it. */
  membersOnly: z.boolean().default(false),
  /** Held by every active member; never granted or revoked directly. */
  implicit: z.boolean().default(false),
  /** Roles whose holders may grant it. */
  grantedBy: z.array(name).default([]),
  /** Roles whose holders may revoke it; defaults to `grantedBy`. */
  revokedBy: z.array(name).optional(),
  /** Support principals may grant and revoke it too. */
  grantableBySupport: z.boolean().default(false),
  /** Changes hands only through a transfer started by its current holder. */
  transferOnly: z.boolean().default(false),
  /** After a transfer, the former holder is granted this role (unless the transfer says otherwise). */
  formerHolderBecomes: name.optional(),
  /** The holder must also hold one of these roles; losing them clears this one. */
  chosenFrom: z.array(name).min(1).optional(),
  /** The role may be held only while another role has at least this many holders. */
  enabledWhen: z.strictObject({ role: name, atLeast: z.number().int().min(1) }).optional(),
  /** Holding this role means holding these too. */
  implies: z.array(name).default([]),
  /** The holder must also hold one of these (a pairing); it cannot be revoked from under them. */
  requiresOneOf: z.array(name).min(1).optional(),
  /** Only this kind of principal may hold it. */
  reservedFor: z.enum(['support']).optional(),
  /** May be assigned org-wide and overridden per context. */
  scoped: z.boolean().default(false),
  /** Actions the role allows outright. */
  permissions: z.array(actionId).default([]),
  /** Level per settings area, for actions defined by area. */
  areas: z.record(z.string(), Level).default({}),
  /** Operations this role may do only to plain members (members with no role beyond the implicit one). */
  reachesPlainMembersOnly: z.array(z.enum(['invite', 'remove'])).default([]),
  /** Granting or revoking needs an explicit confirmation. */
  confirm: z.strictObject({ grant: z.boolean().default(false), revoke: z.boolean().default(false) }).optional(),
  /** Below this many holders an allowed change carries a BELOW_RECOMMENDED warning. */
  recommendedMin: z.number().int().min(1).optional(),
})

export const ActionSchema = z.strictObject({
  id: actionId,
  label,
  /** An action in an area is allowed to roles whose level in that area is at least `level`. */
  area: z.string().optional(),
  level: Level.exclude(['none']).optional(),
  /** Allowed only while the org has this feature flag on. */
  requiresFeature: z.string().optional(),
  /** Allowed only while the org's usage is below its plan quota. */
  quota: z.strictObject({ limit: z.string(), usage: z.string() }).optional(),
})

export const TOPICS = [
  'org.messages',
  'membership.terminated',
  'anonymization.reminder',
  'transfer.requested',
  'permission.contact',
  'support.requests',
] as const
export type Topic = (typeof TOPICS)[number]

/** A route is a list of groups; each group is a fallback chain whose first non-empty step is used. */
const route = z.array(z.strictObject({ firstOf: z.array(z.array(routeEntry).min(1)).min(1) }))

export const RoleModelSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.string().min(1),
    version: z.number().int().min(1).default(1),
    /** The role a transfer moves when it names none. */
    ownerRole: name,
    /** Roles the org's first user receives when the org is created. */
    founderRoles: z.array(name).min(1),
    roles: z.array(RoleSchema).min(1),
    actions: z.array(ActionSchema).default([]),
    /** Which action each non-role operation requires. */
    operations: z
      .strictObject({
        invite: actionId.optional(),
        remove: actionId.optional(),
        assignContexts: actionId.optional(),
        createTeam: actionId.optional(),
        createFolder: actionId.optional(),
        anonymize: actionId.optional(),
        /** Seeing every context (workspace, teamroom, …) in listings, with or without access to it. */
        viewAllContexts: actionId.optional(),
      })
      .default({}),
    /** Whether a member may remove themselves (leave). */
    selfRemoval: z.enum(['allowed', 'forbidden']).default('allowed'),
    transfers: z
      .strictObject({ expiresAfterDays: z.number().int().min(1).default(7) })
      .default({ expiresAfterDays: 7 }),
    limits: z.strictObject({ contextAssignmentsPerRequest: z.number().int().min(1).optional() }).default({}),
    anonymization: z
      .strictObject({ approvalsRequired: z.union([z.literal(1), z.literal(2)]).default(1) })
      .default({ approvalsRequired: 1 }),
    routes: z.partialRecord(z.enum(TOPICS), route).default({}),
    /** Actions the background principal may do (jobs act as it). */
    background: z.strictObject({ permissions: z.array(actionId).default([]) }).default({ permissions: [] }),
  })
  .readonly()

export type RoleModelInput = z.input<typeof RoleModelSchema>
export type RoleModel = z.output<typeof RoleModelSchema>
export type RoleDef = z.output<typeof RoleSchema>
export type ActionDef = z.output<typeof ActionSchema>
export type Route = NonNullable<RoleModel['routes'][Topic]>
