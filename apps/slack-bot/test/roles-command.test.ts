import { describe, expect, test } from 'vitest'
import { useWorld } from './use-world.js'

const world = useWorld()

const holdersOf = async (orgId: string, role: string, actor: string) =>
  (await world.operator.as(actor).roles.list(orgId)).find((r) => r.role === role)?.holders.map((h) => h.principal)

describe('/roles help and usage', () => {
  test('help shows the usage and the roles of the org model', async () => {
    await world.org('T_HELP', 'ana')
    const reply = await world.command('/roles', '', 'UANA', 'T_HELP')
    expect(reply.text).toContain('/roles grant @user role')
    expect(reply.text).toContain('`co_owner` (Co-owner)')
    expect(reply.text).not.toContain('main_admin') // hidden while there are fewer than two admins
  })

  test('an unknown subcommand or missing arguments get usage help', async () => {
    expect((await world.command('/roles', 'promote <@UBO|bo>', 'UANA', 'T_HELP')).text).toMatch(
      /There is no subcommand "promote"[\s\S]*\/roles list/,
    )
    expect((await world.command('/roles', 'grant admin', 'UANA', 'T_HELP')).text).toMatch(/needs a person/)
  })

  test('a workspace no org is linked to is told how to link it', async () => {
    const reply = await world.command('/roles', 'list', 'UANA', 'T_NOBODY')
    expect(reply.text).toContain('not linked to a Rolecall organization')
  })

  test('a Slack user Rolecall does not know is told how to get linked, and nothing is stored', async () => {
    world.slack.addUser('USTRANGER', { email: 'stranger@elsewhere.example' })
    const reply = await world.command('/roles', 'list', 'USTRANGER', 'T_HELP')
    expect(reply.text).toContain('Rolecall does not know you')
    expect(reply.text).toContain('stranger@elsewhere.example')
    const help = await world.command('/roles', 'help', 'USTRANGER', 'T_HELP')
    expect(help.text).toMatch(/Rolecall does not know you[\s\S]*\/roles grant @user role/)
  })
})

describe('/roles list', () => {
  test('lists holders by role with Slack mentions, one role when asked', async () => {
    const orgId = await world.org('T_LIST', 'ana', ['bo'])
    await world.operator.as('ana').roles.grant(orgId, 'admin', 'bo')
    const all = await world.command('/roles', 'list', 'UANA', 'T_LIST')
    expect(all.text).toContain('*Owner* (`owner`): <@UANA>')
    expect(all.text).toContain('*Administrator* (`admin`): BO') // bo's Slack id is not linked yet
    const one = await world.command('/roles', 'list admin', 'UANA', 'T_LIST')
    expect(one.text).not.toContain('Owner')
  })

  test('an unknown role gets usage with the known roles', async () => {
    const reply = await world.command('/roles', 'list wizard', 'UANA', 'T_LIST')
    expect(reply.text).toContain('There is no role `wizard`')
  })
})

describe('/roles grant and revoke', () => {
  test('the owner grants and revokes by mention; the mentioned user is linked through their e-mail', async () => {
    const orgId = await world.org('T_GRANT', 'ana', ['bo'])
    const granted = await world.command('/roles', 'grant <@UBO|bo> admin', 'UANA', 'T_GRANT')
    expect(granted.text).toContain('<@UBO> now holds `admin`')
    expect(await holdersOf(orgId, 'admin', 'ana')).toEqual(['bo'])
    expect(world.slack.of('users.info').some((c) => c.args.user === 'UBO')).toBe(true)

    const again = await world.command('/roles', 'grant <@UBO|bo> admin', 'UANA', 'T_GRANT')
    expect(again.text).toContain('already holds `admin`; nothing changed')

    const revoked = await world.command('/roles', 'revoke <@UBO> admin', 'UANA', 'T_GRANT')
    expect(revoked.text).toContain('no longer holds `admin`')
    expect(await holdersOf(orgId, 'admin', 'ana')).toEqual([])
  })

  test('an e-mail address names a person too, escaped or not', async () => {
    const orgId = await world.org('T_MAIL', 'ana', ['bo'])
    await world.command('/roles', 'grant <mailto:bo@t-mail.example|bo@t-mail.example> payment_user', 'UANA', 'T_MAIL')
    expect(await holdersOf(orgId, 'payment_user', 'ana')).toEqual(['bo'])
    await world.command('/roles', 'revoke bo@t-mail.example payment_user', 'UANA', 'T_MAIL')
    expect(await holdersOf(orgId, 'payment_user', 'ana')).toEqual([])
  })

  test('a denial is ephemeral, says why and who could, and changes nothing', async () => {
    const orgId = await world.org('T_DENY', 'ana', ['bo', 'cy'])
    const reply = await world.command('/roles', 'grant <@UCY|cy> admin', 'UBO', 'T_DENY')
    expect(reply.text).toMatch(/^:no_entry: /)
    expect(reply.response_type).toBe('ephemeral')
    expect(reply.text).toContain('Who could: `owner`, `co_owner`, `payment_user` · Contact: <@UANA>')
    expect(await holdersOf(orgId, 'admin', 'ana')).toEqual([])

    const last = await world.command('/roles', 'revoke <@UANA> owner', 'UANA', 'T_DENY')
    expect(last.text).toMatch(/^:no_entry: /)
    expect(await holdersOf(orgId, 'owner', 'ana')).toEqual(['ana'])
  })

  test('a person outside the org is named as such', async () => {
    world.slack.addUser('UZED', { email: 'zed@nowhere.example' })
    const reply = await world.command('/roles', 'grant <@UZED|zed> admin', 'UANA', 'T_DENY')
    expect(reply.text).toContain('<@UZED> is not a person of')
  })
})

describe('/roles check', () => {
  test('answers yes, and no with the reason', async () => {
    await world.org('T_CHECK', 'ana', ['bo'])
    const yes = await world.command('/roles', 'check <@UANA> members.invite', 'UBO', 'T_CHECK')
    expect(yes.text).toContain(':white_check_mark: Yes: <@UANA> may `members.invite`')
    const no = await world.command('/roles', 'check <@UBO> members.remove', 'UANA', 'T_CHECK')
    expect(no.text).toMatch(/^:no_entry: No: <@UBO> may not `members.remove`\. \S/)
  })

  test('a context goes last; anything else there gets usage help', async () => {
    const reply = await world.command('/roles', 'check <@UBO> members.remove at home', 'UANA', 'T_CHECK')
    expect(reply.text).toContain('a context goes last')
  })
})
