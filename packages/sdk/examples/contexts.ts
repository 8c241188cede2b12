import { ana, rolecall } from './client.js'

// The host registers its workspaces for an actor; teams and folders count against the plan's quotas.
await ana.contexts.put('acme', 'workspace:sales', { kind: 'workspace', name: 'Sales' })
await ana.contexts.assign('acme', 'usr_bo', { add: ['workspace:sales'], remove: ['workspace:old'] })
// What Bo may see, by id: a page with `list` (and `cursor`), or every context with `iterate`.
for await (const context of rolecall.as('usr_bo').contexts.iterate('acme')) {
  console.log(`${context.name}${context.access ? '' : ' (overview only)'}`)
}

// A model switch is refused with the violations while the current holders do not fit it.
const validation = await rolecall.models.validate({ id: 'mine', name: 'Mine' })
console.log(validation.errors.map((e) => `${e.path}: ${e.message}`))
await ana.models.switch('acme', { model: 'workspace' }, { dryRun: true })
