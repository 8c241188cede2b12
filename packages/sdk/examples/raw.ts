import { rolecall } from './client.js'

// Paths, parameters and bodies are checked against the spec; problems are returned, not thrown.
const { data, error, response } = await rolecall.raw.GET('/v1/orgs/{orgId}/members', {
  params: {
    path: { orgId: 'acme' },
    query: { status: 'invited', limit: 10 },
    header: { 'x-rolecall-actor': 'usr_ana' },
  },
})
if (error) console.log(response.status, error.code, error.detail)
else console.log(data.members)
