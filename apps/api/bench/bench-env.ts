import { resolve } from 'node:path'
import { z } from '@hono/zod-openapi'

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const BenchEnvSchema = z.object({
  /** The server the bench creates (and drops) its own databases on. */
  BENCH_DATABASE_URL: optional(z.string()),
  DATABASE_URL: optional(z.string()),
  /** Seconds per measured run. */
  BENCH_DURATION: optional(z.coerce.number().positive().max(60)).transform((s) => s ?? 5),
  /** `pg,pglite` by default; name one to run only it. */
  BENCH_BACKENDS: optional(z.string()).transform((list) =>
    (list ?? 'pg,pglite').split(',').filter((b): b is 'pg' | 'pglite' => b === 'pg' || b === 'pglite'),
  ),
  /** `checks` (single, batch, revocation) and `writes`; name one to profile only it. */
  BENCH_SCENARIOS: optional(z.string()).transform(
    (list) => new Set((list ?? 'checks,writes').split(',').filter((s) => s === 'checks' || s === 'writes')),
  ),
  /** The API's LOG_LEVEL; `info` (one line per request) is what production runs. */
  BENCH_LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).transform(
    (level) => level ?? 'info',
  ),
  /** A directory: the API children run with `--cpu-prof` and their profiles are summarized there. */
  BENCH_CPU_PROF: optional(z.string()).transform((dir) => (dir ? resolve(dir) : undefined)),
})

export type BenchEnv = z.output<typeof BenchEnvSchema> & { serverUrl: string }

/** The bench's settings, read from `process.env` once. */
export function loadBenchEnv(): BenchEnv {
  const parsed = BenchEnvSchema.parse(process.env)
  const serverUrl = parsed.BENCH_DATABASE_URL ?? parsed.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  return { ...parsed, serverUrl }
}
