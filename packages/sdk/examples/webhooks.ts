import { ana, rolecall } from './client.js'

// With a key for the org: events go to this URL, signed with the secret shown this once.
const hook = await rolecall.webhooks.create('acme', {
  url: 'https://hooks.example.com/rolecall',
  events: ['role.granted'],
})
console.log(hook.secret) // whsec_…: verify requests with any Standard Webhooks library

for (const attempt of await rolecall.webhooks.deliveries('acme', hook.id)) {
  console.log(attempt.at, attempt.type, attempt.statusCode ?? attempt.error, attempt.nextAttemptAt)
}
await rolecall.webhooks.delete('acme', hook.id)

// Notifications sent by e-mail, or kept when the API has no SMTP server; pass `next` as `cursor`.
const { notifications, next } = await ana.notifications.list('acme', { recipient: 'usr_ana', limit: 20 })
for (const n of notifications) console.log(n.sentAt, n.channel, n.subject)
console.log(next)
