import { ana } from './client.js'

// Newest first. Pages are fetched as the loop needs them, so leaving the loop stops fetching.
for await (const event of ana.auditEvents('acme', { type: 'role.revoked', subject: 'usr_bo' })) {
  if (event.at < '2025-01-01') break
  console.log(event.at, event.actor, event.data)
}
