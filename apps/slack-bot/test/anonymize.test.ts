import { describe, expect, test } from 'vitest'
import { blockAction } from '../scripts/payloads.js'
import { EVENTS_PATH } from '../src/events/webhook-route.js'
import { buttonsOf, buttonValue } from './blocks.js'
import { WEBHOOK_SECRET } from './bot-world.js'
import { useWorld } from './use-world.js'
import { postEvent } from './webhook.js'

const world = useWorld()

/** The teamroom preset asking two approvals of every anonymization. */
const fourEyes = async () => {
  const { models } = await world.operator.models.list()
  const teamroom = models.find((m) => m.id === 'teamroom')
  return { ...teamroom, id: 'teamroom-four-eyes', anonymization: { approvalsRequired: 2 } }
}

/** An org where ana (owner) and bo (compliance manager) approve, and a member has left: a case is open. */
async function orgWithCase(team: string) {
  // Users are shared across orgs and anonymization is for good: each test removes its own person.
  const subject = `dee-${team.slice(2).toLowerCase()}`
  const orgId = await world.org(team, 'ana', ['bo', 'cy', subject], await fourEyes())
  await world.operator.as('ana').roles.grant(orgId, 'compliance_manager', 'bo')
  const removed = await world.operator.as('ana').members.remove(orgId, subject)
  // bo has used the bot once, so Rolecall knows his Slack id.
  await world.command('/roles', 'list', 'UBO', team)
  return { orgId, caseId: removed.caseId ?? '', name: subject.toUpperCase() }
}

const dmsTo = (slackUserId: string, about: string) =>
  world.slack
    .of('chat.postMessage')
    .filter((c) => c.args.channel === `D_${slackUserId}` && String(c.args.text).includes(about))

describe('/anonymize', () => {
  test('four eyes: two approvers click, the second approval anonymizes, a third click changes nothing', async () => {
    const { orgId, caseId, name } = await orgWithCase('T_ANON')
    const listed = await world.command('/anonymize', 'list', 'UANA', 'T_ANON')
    expect(listed.text).toContain(`\`${caseId}\` ${name}: 0 of 2 approvals`)

    const asked = await world.command('/anonymize', `approve ${caseId}`, 'UANA', 'T_ANON')
    expect(asked.text).toContain(`Approve anonymizing *${name}*`)
    expect(buttonsOf(asked)).toEqual(['case.approve.confirm', 'case.abort'])
    const first = await world.click(
      'case.approve.confirm',
      buttonValue(asked, 'case.approve.confirm'),
      'UANA',
      'T_ANON',
    )
    expect(first.text).toContain('Approved (1 of 2). A second approver is still needed.')
    // The same approver clicking again does not count twice.
    const twice = await world.click(
      'case.approve.confirm',
      buttonValue(asked, 'case.approve.confirm'),
      'UANA',
      'T_ANON',
    )
    expect(twice.text).toContain('already; nothing changed')
    expect((await world.operator.as('ana').anonymization.get(orgId, caseId)).approvals).toEqual(['ana'])

    // The API's event reaches bo as a DM with the three buttons.
    const event = {
      type: 'anonymization.case_opened',
      data: { orgId, actor: 'ana', subject: 'someone', recipients: ['bo'], caseId, approvals: ['ana'], required: 2 },
    }
    expect((await postEvent(`${world.botUrl}${EVENTS_PATH}`, WEBHOOK_SECRET, event)).status).toBe(204)
    await world.waitFor(() => dmsTo('UBO', caseId).length > 0)
    const notice = dmsTo('UBO', caseId)[0]?.args
    expect(notice.text).toContain(`*${name}*`)
    const confirm = await world.click('case.approve', buttonValue(notice, 'case.approve'), 'UBO', 'T_ANON')
    expect(confirm.text).toContain('1 of 2 approvals so far')
    const second = await world.click(
      'case.approve.confirm',
      buttonValue(confirm, 'case.approve.confirm'),
      'UBO',
      'T_ANON',
    )
    expect(second.text).toContain('That was the last approval needed')
    const closed = await world.operator.as('ana').anonymization.get(orgId, caseId)
    expect(closed).toMatchObject({ status: 'anonymized', approvals: ['ana', 'bo'] })

    const again = await world.click(
      'case.approve.confirm',
      buttonValue(confirm, 'case.approve.confirm'),
      'UBO',
      'T_ANON',
    )
    expect(again.text).toMatch(/^:no_entry: /)
    expect(await world.operator.as('ana').anonymization.get(orgId, caseId)).toEqual(closed)
  })

  test('links lists what the person is linked to, by command and by button', async () => {
    const { caseId, name } = await orgWithCase('T_LINKS')
    const links = await world.command('/anonymize', `links ${caseId}`, 'UANA', 'T_LINKS')
    expect(links.text).toMatch(new RegExp(`What \\*${name}\\* is linked to[\\s\\S]*• \\S+: \\d+`))
    const value = JSON.stringify({ orgId: 'ignored', caseId })
    expect((await world.click('case.links', value, 'UBO', 'T_LINKS')).text).toEqual(links.text)
  })

  test('someone who may not anonymize hears why, and nothing changes', async () => {
    const { orgId, caseId } = await orgWithCase('T_ANONDENY')
    const reply = await world.command('/anonymize', 'list', 'UCY', 'T_ANONDENY')
    expect(reply.text).toMatch(/^:no_entry: /)
    const asked = await world.command('/anonymize', `approve ${caseId}`, 'UCY', 'T_ANONDENY')
    expect(asked.text).toMatch(/^:no_entry: /)
    expect((await world.operator.as('ana').anonymization.get(orgId, caseId)).approvals).toEqual([])
  })

  test('remind sets the reminder; a time it cannot read, or one in the past, gets help', async () => {
    const { orgId, caseId } = await orgWithCase('T_REMIND')
    const set = await world.command('/anonymize', `remind ${caseId} 2099-12-01`, 'UANA', 'T_REMIND')
    expect(set.text).toContain('will be reminded')
    expect((await world.operator.as('ana').anonymization.get(orgId, caseId)).reminderAt).toBe(
      '2099-12-01T09:00:00.000Z',
    )
    expect((await world.command('/anonymize', `remind ${caseId} someday`, 'UANA', 'T_REMIND')).text).toContain(
      'cannot read',
    )
    expect((await world.command('/anonymize', `remind ${caseId} 2001-01-01`, 'UANA', 'T_REMIND')).text).toContain(
      'in the past',
    )
    expect((await world.command('/anonymize', 'remind', 'UANA', 'T_REMIND')).text).toContain(
      '/anonymize remind <case> <when>',
    )
  })

  test('Remind me… opens a dialog; its answer sets the reminder, a bad time is shown in the dialog', async () => {
    const { orgId, caseId } = await orgWithCase('T_DIALOG')
    const opened = world.slack.of('views.open').length
    const to = await world.send(
      blockAction(
        'case.remind',
        JSON.stringify({ orgId, caseId }),
        'UBO',
        'T_DIALOG',
        `${world.slack.url}/respond/unused`,
      ),
    )
    expect(to.status).toBe(200)
    await world.waitFor(() => world.slack.of('views.open').length > opened)
    const view = world.slack.of('views.open').at(-1)?.args.view
    expect(view.callback_id).toBe('case.remind')

    const bad = await world.submit(
      'case.remind',
      view.private_metadata,
      { when: { when: { type: 'plain_text_input', value: 'soonish' } } },
      'UBO',
      'T_DIALOG',
    )
    expect(await bad.json()).toMatchObject({
      response_action: 'errors',
      errors: { when: expect.stringContaining('cannot read') },
    })

    const good = await world.submit(
      'case.remind',
      view.private_metadata,
      { when: { when: { type: 'plain_text_input', value: 'in 30 days' } } },
      'UBO',
      'T_DIALOG',
    )
    expect(good.status).toBe(200)
    await world.waitFor(() => dmsTo('UBO', 'will be reminded').some((c) => String(c.args.text).includes(caseId)))
    expect((await world.operator.as('bo').anonymization.get(orgId, caseId)).reminderAt).not.toBeNull()
  })
})
