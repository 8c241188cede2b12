import type { Locale } from '@rolecall/core'
import type { Context } from 'hono'

/** The language of sentences in answers: German when the client prefers it, else English. */
export const localeOf = (c: Context): Locale => localeFor(c.req.header('Accept-Language'))

/**
 * The locale for an `Accept-Language` value: its first language decides.
 * @example localeFor('de-CH, en;q=0.5') // 'de'
 */
export function localeFor(acceptLanguage: string | undefined): Locale {
  const preferred = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return preferred.startsWith('de') ? 'de' : 'en'
}
