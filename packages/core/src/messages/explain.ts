import type { Denied, Warning } from '../decision.js'
import type { RoleModel } from '../model/schema.js'
import type { ModelProblem } from '../model/validate-model.js'
import type { Catalog, Locale, Params, Words } from './catalog.js'
import { de, deHints } from './de.js'
import { en, enHints } from './en.js'

const catalogs: Record<Locale, { messages: Catalog; hints: typeof enHints }> = {
  en: { messages: en, hints: enHints },
  de: { messages: de, hints: deHints },
}

export interface ExplainOptions {
  locale?: Locale
  /** The org's model, for role and action labels; without it the ids are shown. */
  model?: RoleModel
  /** People's display names by principal id; without them the ids are shown. */
  names?: (principal: string) => string | undefined
}

/**
 * A sentence a person understands for a denial, a warning or a model problem, in English or German.
 * A denial also says who could do it instead and whom to ask.
 * @example explain(decision, { locale: 'de', model: teamroom }) // "Du darfst die Rolle „Besitzer“ …"
 */
export function explain(item: Denied | Warning | ModelProblem, options: ExplainOptions = {}): string {
  const { messages, hints } = catalogs[options.locale ?? 'en']
  const w = words(options, hints.or, hints.someone)
  const sentence = messages[item.code](item.params as Params, w)
  if (!('ok' in item)) return sentence
  const parts = [sentence]
  if ((item.code === 'NOT_AUTHORIZED' || item.code === 'LAST_HOLDER') && item.allowedRoles.length > 0) {
    parts.push(hints.couldDo(w.roles(item.allowedRoles)))
  }
  if (item.contact) parts.push(hints.ask(w.person(item.contact)))
  return parts.join(' ')
}

function words(options: ExplainOptions, or: string, someone: string): Words {
  const locale = options.locale ?? 'en'
  const roleLabel = (name: string | undefined) => {
    if (!name) return someone
    const label = options.model?.roles.find((r) => r.name === name)?.label[locale]
    return locale === 'de' ? `„${label ?? name}“` : `"${label ?? name}"`
  }
  return {
    role: roleLabel,
    roles: (names) => list((names ?? []).map(roleLabel), or),
    action: (id) => options.model?.actions.find((a) => a.id === id)?.label[locale] ?? id ?? '',
    person: (id) => (id ? (options.names?.(id) ?? id) : someone),
  }
}

const list = (items: string[], or: string) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${or} ${items[items.length - 1]}`
