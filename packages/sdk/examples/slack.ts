import { rolecall } from './client.js'

const { orgId } = await rolecall.slack.team('T0123ABCD') // NOT_FOUND when no org is linked
// By Slack id; else by e-mail, which then stores the Slack id (linked: true) for the next time.
const bo = await rolecall.slack.resolveUser(orgId, { slackUserId: 'U0BO', email: 'bo@example.com' })
const people = await rolecall.slack.lookupUsers(orgId, ['ana', 'bo']) // [{ userId, displayName, slackUserId }]
console.log(bo, people)
