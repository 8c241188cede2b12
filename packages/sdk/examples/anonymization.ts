import { ana } from './client.js'

// Removing a member opens a case; approvers review what names the person, then approve.
const { cases, next } = await ana.anonymization.list('acme', { status: 'open', limit: 20 })
console.log(cases.length, next) // pass `next` as `cursor` for the following page
const [open] = cases
if (open) {
  const { groups } = await ana.anonymization.links('acme', open.id)
  console.log(groups.map((g) => `${g.kind}: ${g.count}`))
  await ana.anonymization.setReminder('acme', open.id, new Date(Date.now() + 7 * 86_400_000))
  // The last approval the model requires (two for four-eyes) anonymizes at once.
  const decision = await ana.anonymization.approve('acme', open.id)
  console.log(decision.effects.some((e) => e.kind === 'user.anonymized'))
}

// Or every case, newest first, fetching pages as the loop needs them.
for await (const closed of ana.anonymization.iterate('acme', { status: 'anonymized' })) {
  console.log(closed.subjectName, closed.closedAt)
}
