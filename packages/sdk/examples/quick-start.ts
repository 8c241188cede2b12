import { createRolecall } from '@rolecall/sdk'

const rolecall = createRolecall({ baseUrl: 'http://localhost:3000', apiKey: process.env.ROLECALL_API_KEY ?? '' })

// Ana, an owner of acme, makes Bo an admin; then Bo may invite members.
await rolecall.as('usr_ana').roles.grant('acme', 'admin', 'usr_bo')
const { allowed } = await rolecall.check('acme', { principal: 'usr_bo', action: 'members.invite' })
console.log(allowed) // true
