import type { Rolecall } from '@rolecall/sdk'
import type { Logger } from '@slack/bolt'

/** What every handler needs. */
export interface BotDeps {
  /** A client with the bot's API key and no actor; handlers act through `.as(userId)`. */
  rolecall: Rolecall
  logger: Logger
  now: () => Date
  /** Transfers whose recipient the bot DMed already, so the webhook event does not DM them twice. */
  offered: Set<string>
}
