import { ana } from './client.js'

// Holders, visibility, and what Ana may grant or revoke: enough to draw a roles screen.
for (const role of await ana.roles.list('acme')) {
  console.log(role.label.en, role.holders, role.visible, role.actor.grant.ok)
}

// Granting a role already held is no error: the decision says changed: false.
const granted = await ana.roles.grant('acme', 'admin', 'usr_bo')
// Scoped roles take a context; roles that ask for it (multi-owner owners) take confirm.
await ana.roles.grant('acme', 'support_team', 'usr_bo', { context: 'teamroom:42' })
await ana.roles.revoke('studio', 'owner', 'usr_cy', { confirm: true })

// A dry run decides and answers as the real request would, but writes nothing.
const preview = await ana.roles.revoke('acme', 'admin', 'usr_bo', { dryRun: true })
console.log(preview.effects, preview.warnings)

// A read may be served by an API process that has not heard of a write yet; its token makes it reflect it.
const roles = await ana.roles.list('acme', { consistency: granted.consistency })
console.log(roles)
