/**
 * Encodes a value for a jsonb column. Always stringify: `pg` sends a JS array as a Postgres
 * array literal, which a jsonb column rejects.
 * @example db.insertInto('memberships').values({ ..., invited_roles: json(['admin']) })
 */
export const json = <T>(value: T): string => JSON.stringify(value)
