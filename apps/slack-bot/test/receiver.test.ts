import { describe, expect, test } from 'vitest'
import { responseUrl, slashCommand } from '../scripts/payloads.js'
import { useWorld } from './use-world.js'

const world = useWorld({ apiDelayMs: 50 })

const grantCommand = (team: string) => {
  const to = responseUrl(world.slack.url)
  return { to, body: slashCommand('/roles', 'grant <@UBO|bo> admin', 'UANA', team, to.url) }
}

const adminsOf = async (orgId: string) =>
  (await world.operator.as('ana').roles.list(orgId)).find((r) => r.role === 'admin')?.holders ?? []

describe('the Slack endpoint', () => {
  test('a bad signature is refused with 401 and does nothing', async () => {
    const orgId = await world.org('T_SIG', 'ana', ['bo'])
    const { to, body } = grantCommand('T_SIG')
    const res = await world.send(body, { secret: 'not-the-signing-secret' })
    expect(res.status).toBe(401)
    // A correctly signed request afterwards is answered: had the refused one run, its answer would come first.
    await world.command('/roles', 'list', 'UANA', 'T_SIG')
    expect(world.slack.of(`respond:${to.id}`)).toEqual([])
    expect(await adminsOf(orgId)).toEqual([])
  })

  test.each([
    ['six minutes old', -360],
    ['six minutes ahead', 360],
  ])('a timestamp %s is refused with 401 and does nothing', async (_name, skew) => {
    const orgId = await world.org(`T_TS${skew > 0 ? 'F' : 'P'}`, 'ana', ['bo'])
    const { to, body } = grantCommand(`T_TS${skew > 0 ? 'F' : 'P'}`)
    const res = await world.send(body, { timestamp: Math.floor(Date.now() / 1000) + skew })
    expect(res.status).toBe(401)
    await world.command('/roles', 'list', 'UANA', `T_TS${skew > 0 ? 'F' : 'P'}`)
    expect(world.slack.of(`respond:${to.id}`)).toEqual([])
    expect(await adminsOf(orgId)).toEqual([])
  })

  test('a retried delivery is acknowledged and changes nothing', async () => {
    const orgId = await world.org('T_RETRY', 'ana', ['bo'])
    const { to, body } = grantCommand('T_RETRY')
    const res = await world.send(body, {
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    })
    expect(res.status).toBe(200)
    await world.command('/roles', 'list', 'UANA', 'T_RETRY')
    expect(world.slack.of(`respond:${to.id}`)).toEqual([])
    expect(await adminsOf(orgId)).toEqual([])
  })

  test('200 commands in a row are each acknowledged before their slow work answers', async () => {
    await world.org('T_ACK', 'ana')
    const ids: string[] = []
    for (let i = 0; i < 200; i++) {
      const to = responseUrl(world.slack.url)
      const res = await world.send(slashCommand('/roles', 'list', 'UANA', 'T_ACK', to.url))
      expect(res.status).toBe(200)
      // The ack went out before the API (slowed down) answered anything for this command.
      expect(world.slack.of(`respond:${to.id}`)).toEqual([])
      ids.push(to.id)
    }
    for (const id of ids) expect((await world.answerTo(id)).text).toContain('Roles in *Org T_ACK*')
  }, 180_000)
})
