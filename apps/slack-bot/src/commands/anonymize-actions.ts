import type { App, BlockAction } from '@slack/bolt'
import { dm } from '../blocks/dm.js'
import { remindDialog } from '../blocks/remind-dialog.js'
import type { Reply } from '../blocks/reply.js'
import { parseWhen } from '../parse/parse-when.js'
import { offsetOf } from './anonymize-command.js'
import { approveConfirmation, approveReply, linksReply, remindReply } from './anonymize-replies.js'
import { answer } from './answer.js'
import type { BotDeps } from './bot-deps.js'
import { buttonValue, teamOf } from './button-value.js'
import { openSession, type Session } from './session.js'

/** The buttons of a case notice and of the approve confirmation, and the Remind me… dialog. */
export function registerAnonymizeActions(app: App, deps: BotDeps) {
  const click = (actionId: string, replace: boolean, work: (session: Session, caseId: string) => Promise<Reply>) =>
    app.action<BlockAction>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack()
      const { caseId = '' } = buttonValue(action)
      await answer(deps, respond, async (scope) => {
        const session = await openSession(deps, client, scope, teamOf(body), body.user.id)
        return { ...(await work(session, caseId)), replace }
      })
    })

  click('case.approve', false, approveConfirmation)
  click('case.approve.confirm', true, approveReply)
  click('case.links', false, linksReply)

  app.action<BlockAction>('case.abort', async ({ ack, respond }) => {
    await ack()
    await respond({ text: 'Cancelled: nothing changed.', replace_original: true })
  })

  // A trigger_id lives three seconds, so the dialog opens before anything else happens.
  app.action<BlockAction>('case.remind', async ({ ack, body, action, client }) => {
    await ack()
    const { orgId = '', caseId = '' } = buttonValue(action)
    await client.views.open({ trigger_id: body.trigger_id, view: remindDialog(orgId, caseId) })
  })

  app.view('case.remind', async ({ ack, body, view, client }) => {
    const when = view.state.values.when?.when?.value ?? ''
    const parsed = parseWhen(when, deps.now(), await offsetOf(client, body.user.id))
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: { when: parsed.problem } })
      return
    }
    await ack()
    const { caseId = '' } = JSON.parse(view.private_metadata || '{}') as { caseId?: string }
    // A dialog has no response_url: the outcome goes to the user's DM with the bot.
    const respond = (message: Reply) =>
      dm(client, body.user.id, { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) })
    await answer(deps, respond, async (scope) => {
      const session = await openSession(deps, client, scope, body.team?.id ?? body.user.team_id, body.user.id)
      return remindReply(session, caseId, when, deps.now(), await offsetOf(client, body.user.id))
    })
  })
}
