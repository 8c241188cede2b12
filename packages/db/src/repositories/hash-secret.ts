import { createHash } from 'node:crypto'

/**
 * The sha-256 hex digest stored in place of an API key's secret. A plain hash suffices (no
 * salt or slow KDF): secrets are 256 random bits, so there is nothing to guess.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')
