import { ana, rolecall } from './client.js'

// With the admin key. The founder receives the model's founder roles (in teamroom: owner).
const org = await rolecall.orgs.create({
  id: 'acme',
  name: 'Acme',
  model: 'teamroom',
  founder: { id: 'usr_ana', displayName: 'Ana Alves', email: 'ana@acme.example' },
  features: { licensing: true },
})
// Features and quotas are merged into the org's current ones; a change names who makes it.
await ana.orgs.update(org.id, { quotas: { maxTeams: 20 } })

const { default: preset, models } = await rolecall.models.list()
const model = await rolecall.models.ofOrg('acme')
console.log(preset, models.length, model.ownerRole)
