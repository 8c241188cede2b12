import { rolecall } from './client.js'

const answer = await rolecall.check('acme', { principal: 'usr_bo', action: 'licenses.purchase' })
if (!answer.allowed) console.log(answer.detail, answer.contact) // why not, and whom to ask

// Up to 100 questions against one state, answered in order: e.g. which buttons a page shows.
const [invite, remove] = await rolecall.checkBatch('acme', [
  { principal: 'usr_bo', action: 'members.invite' },
  { principal: 'usr_bo', action: 'members.remove' },
])
console.log(invite?.allowed, remove?.allowed)
