import { type Denied, explain, type Locale, type RoleModel } from '@rolecall/core'
import { type Database, findPeople } from '@rolecall/db'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import { orgNotFound } from '../auth.js'
import { localeOf } from '../locale.js'
import { ProblemError } from '../problem.js'
import type { DecisionBody } from '../schemas/decision.js'
import type { MutationOutcome } from './mutate.js'

export { CONSISTENCY_HEADER } from '../write/consistency-header.js'

/**
 * Turns a mutation's outcome into the response body, or throws the problem for a missing org or a
 * denial (rendered by the app's one error handler). The write has set the consistency header.
 * @example return c.json(await decided(c, db, orgId, outcome, dryRun), 200)
 */
export async function decided(
  c: Context,
  db: Kysely<Database>,
  orgId: string,
  outcome: MutationOutcome,
  dryRun: boolean,
): Promise<DecisionBody> {
  if (!outcome.found) throw orgNotFound(orgId)
  const locale = localeOf(c)
  const { decision, model } = outcome
  if (!decision.ok) throw await denialProblem(db, orgId, decision, model, locale)
  return {
    ok: true,
    changed: decision.changed,
    dryRun,
    effects: decision.effects,
    warnings: decision.warnings.map((w) => ({
      code: w.code,
      params: { ...w.params },
      message: explain(w, { model, locale }),
    })),
    consistency: outcome.version,
    ...outcome.ids,
  }
}

/** A denial as a problem, its sentence naming people by the display names the org has for them. */
export async function denialProblem(
  db: Kysely<Database>,
  orgId: string,
  denial: Denied,
  model: RoleModel,
  locale: Locale,
): Promise<ProblemError> {
  const names = await displayNames(db, orgId, [denial.contact, denial.params.target])
  const detail = explain(denial, { model, locale, names: (id) => names.get(id) })
  return new ProblemError(denial.code, detail, {
    allowedRoles: denial.allowedRoles,
    ...(denial.contact ? { contact: denial.contact } : {}),
  })
}

async function displayNames(
  db: Kysely<Database>,
  orgId: string,
  ids: (string | undefined)[],
): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== undefined)
  const rows = await findPeople(
    db,
    wanted.map((userId) => ({ orgId, userId })),
  )
  return new Map(rows.map((r) => [r.user_id, r.display_name]))
}
