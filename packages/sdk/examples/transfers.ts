import { ana, rolecall } from './client.js'

// The owner role changes hands only by transfer: Ana offers it, Bo accepts or declines.
await ana.transfers.request('acme', { to: 'usr_bo' })

const open = await ana.transfers.current('acme')
console.log(open.to, open.expiresAt)
await rolecall.as(open.to).transfers.accept('acme', open.id)
// Or: rolecall.as(open.to).transfers.decline('acme', open.id), ana.transfers.cancel('acme', open.id)
