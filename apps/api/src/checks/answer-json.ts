import { can, type Decision, type Denied, explain, type Locale } from '@rolecall/core'
import type { OrgView } from '../commands/read-org.js'
import type { Check } from './check-schema.js'

/** The headers of every check answer. */
export const JSON_HEADERS = { 'Content-Type': 'application/json' }

// Most answers are this one, and the rest repeat per state: answers are serialized once, not per check.
const ALLOWED_JSON = '{"allowed":true}'

/**
 * The decision on one check against an org's state.
 * @example decide(view, { principal: 'bo', action: 'org.manage' }) // { ok: true, … }
 */
export const decide = ({ model, state }: Pick<OrgView, 'model' | 'state'>, check: Check): Decision =>
  can(model, state, check.principal, check.action, check.context)

/**
 * An action the model does not know is a mistake in the request (422), not an answer.
 * @example isUnknownAction(decide(view, { principal: 'bo', action: 'nope' })) // true
 */
export const isUnknownAction = (decision: Decision): decision is Denied =>
  !decision.ok && decision.code === 'UNKNOWN_ROLE'

/**
 * The answer to one check as JSON text. A denial depends only on the state, the code and the action,
 * so its text (sentence included) is built once per state and locale and then reused.
 * @example answerJson(decide(view, check), view, 'en') // '{"allowed":true}'
 */
export function answerJson(
  decision: Decision,
  { model, state }: Pick<OrgView, 'model' | 'state'>,
  locale: Locale,
): string {
  if (decision.ok) return ALLOWED_JSON
  const { code, params } = decision
  // Nested maps, not one joined key: a batch looks up dozens of denials, and joining would build a string each.
  const byAction = inner(inner(state.memo(ANSWERS, newAnswers), locale), code)
  const action = params.action ?? ''
  let text = byAction.get(action)
  if (text === undefined) {
    text = JSON.stringify({
      allowed: false,
      code,
      detail: explain(decision, { model, locale }),
      allowedRoles: decision.allowedRoles,
      ...(decision.contact ? { contact: decision.contact } : {}),
    })
    byAction.set(action, text)
  }
  return text
}

/** Per state: denial answers as JSON text, by locale, code and action. */
const ANSWERS = Symbol('denial answers')
type Nested<T> = Map<string, T>
const newAnswers = (): Nested<Nested<Nested<string>>> => new Map()

function inner<T>(map: Nested<Nested<T>>, key: string): Nested<T> {
  let found = map.get(key)
  if (!found) {
    found = new Map()
    map.set(key, found)
  }
  return found
}

/**
 * A batch's answers, in order, as the JSON text of its response.
 * @example batchAnswerJson(view, [{ principal: 'bo', action: 'org.manage' }], 'en') // '{"results":[{"allowed":true}]}'
 */
export function batchAnswerJson(
  view: Pick<OrgView, 'model' | 'state'>,
  checks: readonly Check[],
  locale: Locale,
): string {
  let results = ''
  for (const check of checks) {
    const text = answerJson(decide(view, check), view, locale)
    results = results === '' ? text : `${results},${text}`
  }
  return `{"results":[${results}]}`
}
