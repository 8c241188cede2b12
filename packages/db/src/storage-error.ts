export const STORAGE_ERROR_CODES = [
  'CONFIG_INVALID',
  'MIGRATION_FAILED',
  'ORG_NOT_FOUND',
  'EFFECT_TARGET_MISSING',
] as const
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number]

/**
 * An infrastructure failure or a broken invariant (never a business denial: those are values
 * from core). `code` is stable; `message` is for people.
 * @example if (error instanceof StorageError && error.code === 'MIGRATION_FAILED') process.exit(1)
 */
export class StorageError extends Error {
  override readonly name = 'StorageError'
  readonly code: StorageErrorCode

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** True for a unique-constraint violation (SQLSTATE 23505) from `pg` or PGlite. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === '23505'
