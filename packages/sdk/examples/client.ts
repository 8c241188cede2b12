import { createRolecall } from '@rolecall/sdk'

export const rolecall = createRolecall({
  baseUrl: 'https://rolecall.example.com',
  apiKey: process.env.ROLECALL_API_KEY ?? '', // the admin key, or a service key for some orgs
  locale: 'de', // sentences in `detail` and in warnings, in German
})

// The same client acting as a user: sent as X-Rolecall-Actor, whose roles the API checks.
export const ana = rolecall.as('usr_ana')
