import type { Locale } from '@rolecall/core'
import type { Context } from 'hono'

/** The language of sentences in answers: German when the client prefers it, else English. */
export function localeOf(c: Context): Locale {
  const preferred = c.req.header('Accept-Language')?.split(',')[0]?.trim().toLowerCase() ?? ''
  return preferred.startsWith('de') ? 'de' : 'en'
}
