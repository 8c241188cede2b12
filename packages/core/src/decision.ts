import type { DenialCode, WarningCode } from './codes.js'
import type { Effect } from './effects.js'
import type { PrincipalId } from './state/snapshot.js'

/** Values a denial or warning sentence refers to. */
export interface DenialParams {
  role?: string
  action?: string
  target?: PrincipalId
  feature?: string
  limit?: number
  requested?: number
  partners?: string[]
  impliedBy?: string
  eligible?: string[]
  enabledWhen?: { role: string; atLeast: number }
  transferId?: string
  caseId?: string
}

export interface Warning {
  code: WarningCode
  params: DenialParams
}

export interface Allowed {
  ok: true
  /** False when the request changes nothing (granting a role already held, a second approval by the same approver). */
  changed: boolean
  effects: Effect[]
  warnings: Warning[]
}

export interface Denied {
  ok: false
  code: DenialCode
  params: DenialParams
  /** Roles whose holders could do it instead. */
  allowedRoles: string[]
  /** The person to ask, when the model names one. */
  contact?: PrincipalId
}

/**
 * The engine's answer, like openapi-fetch's `{ data } | { error }`: check `ok` first.
 * A sentence for a person comes from `explain(decision, locale)`.
 */
export type Decision = Allowed | Denied

export const allow = (effects: Effect[], warnings: Warning[] = []): Allowed => ({
  ok: true,
  changed: effects.length > 0,
  effects,
  warnings,
})

export const unchanged = (): Allowed => ({ ok: true, changed: false, effects: [], warnings: [] })

export const deny = (
  code: DenialCode,
  params: DenialParams = {},
  allowedRoles: string[] = [],
  contact?: PrincipalId,
): Denied =>
  contact === undefined ? { ok: false, code, params, allowedRoles } : { ok: false, code, params, allowedRoles, contact }
