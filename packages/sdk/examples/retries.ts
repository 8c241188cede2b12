import { createRolecall } from '@rolecall/sdk'

export const patient = createRolecall({
  baseUrl: 'https://rolecall.example.com',
  apiKey: process.env.ROLECALL_API_KEY ?? '',
  retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 },
})

// Behind a queue that retries on its own, send each request once.
export const once = createRolecall({ baseUrl: 'https://rolecall.example.com', apiKey: '…', retry: false })
