import { createRolecall } from '@rolecall/sdk'
import { rolecall } from './client.js'

// With the admin key: a key for one org. Store the secret now; it is never shown again.
const key = await rolecall.apiKeys.create({ name: 'billing-service', orgIds: ['acme'] })

const billing = createRolecall({ baseUrl: 'https://rolecall.example.com', apiKey: key.secret })
console.log(await billing.orgs.get('acme'))

await rolecall.apiKeys.revoke(key.id)
