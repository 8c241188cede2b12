import type { Catalog } from './catalog.js'

const who = (p: { target?: string }, w: { person(id?: string): string }) =>
  p.target ? w.person(p.target) : 'this person'

/** English sentences for every code. */
export const en = {
  UNKNOWN_ROLE: (p, w) =>
    p.action === 'scoped'
      ? `The role ${w.role(p.role)} cannot be assigned per context; assign it organization-wide.`
      : p.action
        ? `There is no action "${p.action}" in this organization's role model.`
        : `There is no role "${p.role}" in this organization's role model.`,
  NOT_AUTHORIZED: (p, w) =>
    p.action === 'transfer'
      ? `${w.role(p.role)} is not transferred; it is granted and revoked directly.`
      : p.action
        ? `You may not ${w.action(p.action).toLowerCase()}.`
        : p.transferId
          ? 'Only the other party of this transfer can do that.'
          : p.role
            ? `You may not grant or revoke ${w.role(p.role)}.`
            : 'You may not do this here.',
  TRANSFER_REQUIRED: (p, w) =>
    `${w.role(p.role)} changes hands only through an ownership transfer that the recipient accepts.`,
  FEATURE_DISABLED: (p, w) =>
    `${w.action(p.action)} needs the "${p.feature}" feature, which is off for this organization.`,
  BATCH_LIMIT: (p) => `At most ${p.limit} assignments fit in one request; this one has ${p.requested}.`,
  QUOTA_EXCEEDED: (p, w) =>
    p.role
      ? `${w.role(p.role)} may have at most ${p.limit} holders.`
      : `The plan allows ${p.limit} for ${w.action(p.action).toLowerCase()}; the quota is used up.`,
  TRANSFER_PENDING: (p, w) =>
    `A transfer of ${w.role(p.role)} to ${who(p, w)} is already open; it must be accepted, declined or cancelled first.`,
  TRANSFER_CLOSED: () =>
    'This transfer is no longer open: it was accepted, declined, cancelled, voided or has expired.',
  CASE_CLOSED: () => 'This anonymization case is already closed.',
  RESERVED_ROLE: (p, w) => `${w.role(p.role)} is reserved for support staff.`,
  NOT_A_MEMBER: (p, w) =>
    p.role
      ? `${w.role(p.role)} can only go to an active member, and ${who(p, w)} is not one.`
      : `${who(p, w)} is not a member of this organization.`,
  TARGET_OUT_OF_REACH: (p, w) =>
    p.role
      ? `You may invite people only as plain members, not as ${w.role(p.role)}.`
      : `${who(p, w)} holds a role, or is still a member, so this is beyond what you may do to them.`,
  NOT_ELIGIBLE: (p, w) =>
    p.eligible
      ? `${w.role(p.role)} must be chosen from ${w.roles(p.eligible)}, and ${who(p, w)} holds none of these.`
      : `${who(p, w)} cannot receive ${w.role(p.role)}.`,
  NOT_ENABLED: (p, w) =>
    `${w.role(p.role)} can be set only while there are at least ${p.enabledWhen?.atLeast} holders of ${w.role(p.enabledWhen?.role)}.`,
  PAIRING_REQUIRED: (p, w) => `${w.role(p.role)} must be paired with ${w.roles(p.partners)} for ${who(p, w)}.`,
  SELF_REMOVAL_FORBIDDEN: () =>
    'Nobody can remove themselves from this organization; another authorized user must do it.',
  SELF_APPROVAL_FORBIDDEN: () => 'Nobody can approve the anonymization case about themselves.',
  LAST_HOLDER: (p, w) =>
    `This would leave fewer than ${p.limit ?? 1} holder(s) of ${w.role(p.role)}; hand it over to someone else first.`,
  IMPLIED_ROLE: (p, w) =>
    `${who(p, w)} holds ${w.role(p.role)} through ${p.impliedBy ? w.role(p.impliedBy) : 'another role'}; it goes with that role.`,
  CONFIRMATION_REQUIRED: (p, w) =>
    `Changing ${w.role(p.role)} needs an explicit confirmation; send the request again confirmed.`,
  BELOW_RECOMMENDED: (p, w) =>
    `There are ${p.requested} holder(s) of ${w.role(p.role)}; at least ${p.limit} are recommended.`,
  ROLE_CLEARED: (p, w) => `${w.role(p.role)} was cleared for ${who(p, w)} as a consequence of this change.`,
  INVALID_SHAPE: (p) => `This part of the model is not valid: ${String(p.message)}.`,
  DUPLICATE_ROLE: (p) => `The role "${p.role}" is defined twice.`,
  UNKNOWN_ROLE_REFERENCE: (p) => `The model refers to a role "${p.role}" that it does not define.`,
  UNKNOWN_ACTION_REFERENCE: (p) => `The model refers to an action "${p.action}" that it does not define.`,
  MIN_ABOVE_MAX: (p) =>
    `The role "${p.role}" needs at least ${String(p.min)} holders but allows at most ${String(p.max)}.`,
  UNGRANTABLE_MINIMUM: (p) => `The role "${p.role}" must always have holders, but ${String(p.reason)}.`,
  IMPLIES_CYCLE: (p) => `Roles imply each other in a circle: ${(p.roles as string[]).join(' → ')}.`,
  CHOSEN_FROM_CYCLE: (p) => `Roles are chosen from each other in a circle: ${(p.roles as string[]).join(' → ')}.`,
  ESCALATION_PATH: (p) =>
    `"${p.role}" can grant "${String(p.grants)}", which allows what "${p.role}" cannot do itself: ${(p.missing as string[]).join(', ')}.`,
} satisfies Catalog

/** The sentences appended to a denial: who could do it, and whom to ask. */
export const enHints = {
  couldDo: (roles: string) => `Holders of ${roles} can.`,
  ask: (person: string) => `Ask ${person}.`,
  or: 'or',
  someone: 'this person',
}
