import { resolve } from 'node:path'
import { z } from '@hono/zod-openapi'

// An empty variable (`DATABASE_URL=` in a .env file) means "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const EnvSchema = z
  .object({
    PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((port) => port ?? 3000),
    HOST: optional(z.string()).transform((host) => host ?? '0.0.0.0'),
    DATABASE_URL: optional(
      z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// connection string' }),
    ),
    // Connections to Postgres for requests and jobs together; each write holds one until it commits.
    DATABASE_POOL_SIZE: optional(z.coerce.number().int().min(1).max(1000)).transform((size) => size ?? 20),
    // Off behind a pooler that cannot keep named prepared statements (PgBouncer in transaction mode without max_prepared_statements).
    DATABASE_PREPARED_STATEMENTS: optional(z.enum(['true', 'false'])).transform((flag) => flag !== 'false'),
    ROLECALL_DATA_DIR: optional(z.string()).transform((dir) => resolve(dir ?? '.rolecall')),
    // A short admin key can be guessed; the generated one has 43 characters after its prefix.
    ROLECALL_ADMIN_KEY: optional(z.string().min(24, 'must be at least 24 characters long')),
    LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform(
      (level) => level ?? 'info',
    ),
    NODE_ENV: optional(z.enum(['development', 'production', 'test'])).transform((mode) => mode ?? 'development'),
    // Notifications go out by e-mail when set (smtp:// or smtps://, credentials in the URL); else they are kept and listed.
    SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
    SMTP_FROM: optional(z.string().min(3)).transform((from) => from ?? 'Rolecall <rolecall@localhost>'),
    // Days event data (outbox events, notifications, webhook attempts) is kept; undelivered events stay longer.
    EVENT_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(36_500)).transform((days) => days ?? 30),
    // Webhooks to loopback/private/link-local addresses: refused in production unless this says true.
    WEBHOOK_ALLOW_PRIVATE: optional(z.enum(['true', 'false'])).transform((flag) =>
      flag === undefined ? undefined : flag === 'true',
    ),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.ROLECALL_ADMIN_KEY !== undefined, {
    // A generated key lives in one process's data directory: a second process behind the same load
    // balancer would generate another, and its first start would print a secret into production logs.
    path: ['ROLECALL_ADMIN_KEY'],
    message: 'must be set in production; a key is generated only in development and test',
  })

/** The API's configuration, validated once at start-up. */
export type Config = z.output<typeof EnvSchema>

export type ParsedEnv = { ok: true; config: Config } | { ok: false; errors: string[] }

/**
 * Validates environment variables, naming every invalid one rather than stopping at the first.
 * @example parseEnv({ PORT: '8080' }) // { ok: true, config: { PORT: 8080, HOST: '0.0.0.0', … } }
 */
export function parseEnv(vars: Record<string, string | undefined>): ParsedEnv {
  const result = EnvSchema.safeParse(vars)
  if (result.success) return { ok: true, config: result.data }
  return { ok: false, errors: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) }
}

/**
 * Reads `process.env` (the only place that does) and exits with status 1 when it is invalid.
 * @example const config = loadEnv()
 */
export function loadEnv(): Config {
  const parsed = parseEnv(process.env)
  if (parsed.ok) return parsed.config
  process.stderr.write(
    `Rolecall cannot start: invalid configuration\n${parsed.errors.map((line) => `  ${line}\n`).join('')}`,
  )
  process.exit(1)
}
