import { z } from 'zod'

// An empty variable (`SLACK_APP_TOKEN=` in a .env file) means "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())
const required = (what: string, refine: (text: z.ZodString) => z.ZodType<string> = (text) => text) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    refine(z.string({ error: (issue) => (issue.input === undefined ? `is missing: ${what}` : undefined) })),
  )

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: required('the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"', (text) =>
    text.startsWith('xoxb-', 'must be a bot token (xoxb-…)'),
  ),
  SLACK_SIGNING_SECRET: required('the Signing Secret from "Basic Information"'),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)')),
  ROLECALL_API_URL: required("the Rolecall API's root, e.g. http://localhost:3000", (text) =>
    text.pipe(z.url('must be a URL such as http://localhost:3000')),
  ),
  ROLECALL_API_KEY: required('a Rolecall API key (POST /v1/api-keys) for the linked orgs'),
  // One secret per org's webhook endpoint, so several may be given, separated by commas or spaces.
  ROLECALL_WEBHOOK_SECRET: optional(
    z
      .string()
      .transform((text) => text.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().startsWith('whsec_', 'must be Standard Webhooks secrets (whsec_…)'))),
  ).transform((secrets) => secrets ?? []),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((port) => port ?? 3100),
  SLACK_API_URL: optional(z.url()),
  LOG_LEVEL: optional(z.enum(['debug', 'info', 'warn', 'error'])).transform((level) => level ?? 'info'),
})

/** The bot's configuration, validated once at start-up. */
export type BotConfig = z.output<typeof EnvSchema>

export type ParsedBotEnv = { ok: true; config: BotConfig } | { ok: false; errors: string[] }

/**
 * Validates environment variables, naming every missing or invalid one rather than stopping at the first.
 * @example parseBotEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }).ok // false: SLACK_SIGNING_SECRET … are missing
 */
export function parseBotEnv(vars: Record<string, string | undefined>): ParsedBotEnv {
  const result = EnvSchema.safeParse(vars)
  if (result.success) return { ok: true, config: result.data }
  return { ok: false, errors: result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`) }
}

/**
 * Reads `process.env` (the only place that does) and exits with status 1 when it is invalid.
 * @example const config = loadBotEnv()
 */
export function loadBotEnv(): BotConfig {
  const parsed = parseBotEnv(process.env)
  if (parsed.ok) return parsed.config
  process.stderr.write(
    `The Rolecall Slack bot cannot start: invalid configuration\n${parsed.errors.map((line) => `  ${line}\n`).join('')}`,
  )
  process.exit(1)
}

const TryEnvSchema = z.object({
  SLACK_SIGNING_SECRET: required('the signing secret the local bot runs with'),
  SLACK_TRY_BOT_URL: optional(z.url()).transform((url) => url ?? 'http://localhost:3100'),
  SLACK_FAKE_PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((port) => port ?? 3101),
  SLACK_FAKE_EMAIL_DOMAIN: optional(z.string()).transform((domain) => domain ?? 'example.com'),
  SLACK_TRY_TEAM: optional(z.string()).transform((team) => team ?? 'T_LOCAL'),
})

/** The configuration of `slack:try` and `slack:fake`, the local stand-ins for a Slack workspace. */
export type TryConfig = z.output<typeof TryEnvSchema>

/**
 * Reads `process.env` for the local tools and exits with status 1 when it is invalid.
 * @example const { SLACK_TRY_BOT_URL } = loadTryEnv()
 */
export function loadTryEnv(vars: Record<string, string | undefined> = process.env): TryConfig {
  const result = TryEnvSchema.safeParse(vars)
  if (result.success) return result.data
  process.stderr.write(result.error.issues.map((i) => `${i.path.join('.')} ${i.message}\n`).join(''))
  process.exit(1)
}
