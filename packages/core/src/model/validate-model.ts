import { MODEL_PROBLEM_CODES, type ModelProblemCode } from '../codes.js'
import { compile } from './compile.js'
import { type RoleModel, RoleModelSchema } from './schema.js'

export interface ModelProblem {
  code: ModelProblemCode
  severity: 'error' | 'warning'
  /** Where in the model, e.g. `roles.2.grantedBy.0`. */
  path: string
  params: Record<string, string | number | string[]>
}

export type ModelValidation =
  | { ok: true; model: RoleModel; errors: []; warnings: ModelProblem[] }
  | { ok: false; errors: ModelProblem[]; warnings: ModelProblem[] }

const problem = (code: ModelProblemCode, path: string, params: ModelProblem['params'] = {}): ModelProblem => ({
  code,
  severity: MODEL_PROBLEM_CODES[code],
  path,
  params,
})

/**
 * Checks a custom model and lists every problem at once; it never throws. Errors make the model unusable
 * (unknown references, impossible minimums, cycles); warnings point at escalation paths.
 * @example const result = validateModel(JSON.parse(body)); if (!result.ok) console.log(result.errors)
 */
export function validateModel(input: unknown): ModelValidation {
  const parsed = RoleModelSchema.safeParse(input)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => problem('INVALID_SHAPE', i.path.join('.'), { message: i.message }))
    return { ok: false, errors, warnings: [] }
  }
  const model = parsed.data
  const errors = [...referenceProblems(model), ...cardinalityProblems(model), ...cycleProblems(model)]
  if (errors.length > 0) return { ok: false, errors, warnings: [] }
  return { ok: true, model, errors: [], warnings: escalationWarnings(model) }
}

function referenceProblems(model: RoleModel): ModelProblem[] {
  const out: ModelProblem[] = []
  const seen = new Set<string>()
  model.roles.forEach((r, i) => {
    if (seen.has(r.name)) out.push(problem('DUPLICATE_ROLE', `roles.${i}.name`, { role: r.name }))
    seen.add(r.name)
  })
  const actions = new Set(model.actions.map((a) => a.id))
  const roles = (names: readonly string[] | undefined, path: string) => {
    for (const [j, name] of (names ?? []).entries()) {
      // Entries starting with @ name parties of a message, not roles.
      if (!name.startsWith('@') && !seen.has(name))
        out.push(problem('UNKNOWN_ROLE_REFERENCE', `${path}.${j}`, { role: name }))
    }
  }
  const actionsAt = (ids: readonly string[], path: string) => {
    for (const [j, id] of ids.entries()) {
      if (!actions.has(id)) out.push(problem('UNKNOWN_ACTION_REFERENCE', `${path}.${j}`, { action: id }))
    }
  }
  roles([model.ownerRole], 'ownerRole')
  roles(model.founderRoles, 'founderRoles')
  for (const [i, r] of model.roles.entries()) {
    const at = `roles.${i}`
    roles(r.grantedBy, `${at}.grantedBy`)
    roles(r.revokedBy, `${at}.revokedBy`)
    roles(r.chosenFrom, `${at}.chosenFrom`)
    roles(r.requiresOneOf, `${at}.requiresOneOf`)
    roles(r.implies, `${at}.implies`)
    if (r.enabledWhen) roles([r.enabledWhen.role], `${at}.enabledWhen.role`)
    if (r.formerHolderBecomes) roles([r.formerHolderBecomes], `${at}.formerHolderBecomes`)
    actionsAt(r.permissions, `${at}.permissions`)
  }
  for (const [op, id] of Object.entries(model.operations)) if (id) actionsAt([id], `operations.${op}`)
  actionsAt(model.background.permissions, 'background.permissions')
  for (const [topic, groups] of Object.entries(model.routes)) {
    for (const [i, group] of (groups ?? []).entries()) {
      for (const [j, step] of group.firstOf.entries()) {
        roles(step, `routes.${topic}.${i}.firstOf.${j}`)
      }
    }
  }
  return out
}

function cardinalityProblems(model: RoleModel): ModelProblem[] {
  const out: ModelProblem[] = []
  const implied = new Set(model.roles.flatMap((r) => r.implies))
  const founded = new Set(
    model.founderRoles.flatMap((f) => [f, ...(model.roles.find((r) => r.name === f)?.implies ?? [])]),
  )
  model.roles.forEach((r, i) => {
    if (r.max !== undefined && r.min > r.max)
      out.push(problem('MIN_ABOVE_MAX', `roles.${i}.min`, { role: r.name, min: r.min, max: r.max }))
    if (r.min === 0 || r.implicit) return
    const grantable = r.transferOnly || r.grantedBy.length > 0 || r.grantableBySupport || implied.has(r.name)
    if (!grantable)
      out.push(problem('UNGRANTABLE_MINIMUM', `roles.${i}.min`, { role: r.name, reason: 'nobody grants it' }))
    else if (!founded.has(r.name)) {
      out.push(
        problem('UNGRANTABLE_MINIMUM', `roles.${i}.min`, { role: r.name, reason: 'the founder does not receive it' }),
      )
    }
  })
  return out
}

function cycleProblems(model: RoleModel): ModelProblem[] {
  const out: ModelProblem[] = []
  const implies = findCycle(model, (r) => r.implies)
  if (implies) out.push(problem('IMPLIES_CYCLE', 'roles', { roles: implies }))
  const chosen = findCycle(model, (r) => r.chosenFrom ?? [])
  if (chosen) out.push(problem('CHOSEN_FROM_CYCLE', 'roles', { roles: chosen }))
  return out
}

function findCycle(
  model: RoleModel,
  edges: (r: RoleModel['roles'][number]) => readonly string[],
): string[] | undefined {
  const byName = new Map(model.roles.map((r) => [r.name, r]))
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name]
    state.set(name, 'visiting')
    path.push(name)
    const role = byName.get(name)
    for (const next of role ? edges(role) : []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    path.pop()
    state.set(name, 'done')
    return undefined
  }
  for (const r of model.roles) {
    const cycle = visit(r.name)
    if (cycle) return cycle
  }
  return undefined
}

/** A role that can grant a role carrying permissions it does not have itself is a way up. */
function escalationWarnings(model: RoleModel): ModelProblem[] {
  const cm = compile(model)
  const out: ModelProblem[] = []
  model.roles.forEach((target, i) => {
    const granted = cm.rolePermissions.get(target.name) ?? new Set()
    target.grantedBy.forEach((granter, j) => {
      const own = cm.rolePermissions.get(granter) ?? new Set()
      const missing = [...granted].filter((p) => !own.has(p))
      if (missing.length > 0) {
        out.push(
          problem('ESCALATION_PATH', `roles.${i}.grantedBy.${j}`, { role: granter, grants: target.name, missing }),
        )
      }
    })
  })
  return out
}
