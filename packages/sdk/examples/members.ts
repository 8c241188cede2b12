import { ana, rolecall } from './client.js'

// Roles listed here are granted when Bo accepts.
const { invitationId } = await ana.invitations.invite('acme', {
  user: { id: 'usr_bo', displayName: 'Bo Berg', email: 'bo@acme.example' },
  roles: ['admin'],
})
console.log(invitationId) // hand it to Bo, e.g. in a link

// Later, Bo accepts through your app.
export const accept = (userId: string, invitationId: string) =>
  rolecall.as(userId).invitations.accept('acme', invitationId)

// One page at a time…
const { members, next } = await ana.members.list('acme', { status: 'invited', limit: 20 })
console.log(members, next)
// …or every member, fetching pages as the loop needs them.
for await (const member of ana.members.iterate('acme', { search: 'berg' })) {
  console.log(member.displayName, member.lastActive, member.roles)
}

// Each org keeps its own profile of a person: Bo edits his here, and no other org's copy changes.
await rolecall.as('usr_bo').people.update('acme', 'usr_bo', { displayName: 'Bo B. Berg' })
console.log(await ana.people.get('acme', 'usr_bo'))

await ana.members.remove('acme', 'usr_cy')
await rolecall.as('usr_bo').members.leave('acme')
