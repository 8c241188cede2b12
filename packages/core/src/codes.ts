/**
 * Every denial code the engine can return, with the step of the denial order it belongs to.
 * The order of keys is the spec's order of precedence: when several rules fail, the earliest wins.
 * @example DENIAL_CODES.LAST_HOLDER.step // 6
 */
export const DENIAL_CODES = {
  UNKNOWN_ROLE: { step: 1 },
  NOT_AUTHORIZED: { step: 2 },
  TRANSFER_REQUIRED: { step: 3 },
  FEATURE_DISABLED: { step: 4 },
  BATCH_LIMIT: { step: 4 },
  QUOTA_EXCEEDED: { step: 4 },
  TRANSFER_PENDING: { step: 4 },
  TRANSFER_CLOSED: { step: 4 },
  CASE_CLOSED: { step: 4 },
  RESERVED_ROLE: { step: 5 },
  NOT_A_MEMBER: { step: 5 },
  TARGET_OUT_OF_REACH: { step: 5 },
  NOT_ELIGIBLE: { step: 5 },
  NOT_ENABLED: { step: 5 },
  PAIRING_REQUIRED: { step: 5 },
  SELF_REMOVAL_FORBIDDEN: { step: 5 },
  SELF_APPROVAL_FORBIDDEN: { step: 5 },
  LAST_HOLDER: { step: 6 },
  IMPLIED_ROLE: { step: 6 },
  CONFIRMATION_REQUIRED: { step: 7 },
} as const

export type DenialCode = keyof typeof DENIAL_CODES
export const denialCodes = Object.keys(DENIAL_CODES) as DenialCode[]

/** Codes of advice attached to an allowed decision; they never block it. */
export const WARNING_CODES = {
  BELOW_RECOMMENDED: 'fewer holders of a role than the model recommends',
  ROLE_CLEARED: 'a cascade cleared a role as a side effect',
} as const
export type WarningCode = keyof typeof WARNING_CODES
export const warningCodes = Object.keys(WARNING_CODES) as WarningCode[]

/** Codes of problems `validateModel` finds in a role model. Errors make a model unusable; warnings do not. */
export const MODEL_PROBLEM_CODES = {
  INVALID_SHAPE: 'error',
  DUPLICATE_ROLE: 'error',
  UNKNOWN_ROLE_REFERENCE: 'error',
  UNKNOWN_ACTION_REFERENCE: 'error',
  MIN_ABOVE_MAX: 'error',
  UNGRANTABLE_MINIMUM: 'error',
  IMPLIES_CYCLE: 'error',
  CHOSEN_FROM_CYCLE: 'error',
  ESCALATION_PATH: 'warning',
} as const
export type ModelProblemCode = keyof typeof MODEL_PROBLEM_CODES
export const modelProblemCodes = Object.keys(MODEL_PROBLEM_CODES) as ModelProblemCode[]
