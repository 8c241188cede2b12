import { describe, expect, test } from 'vitest'
import { parseAnonymizeCommand } from '../src/parse/parse-anonymize-command.js'
import { parseRolesCommand } from '../src/parse/parse-roles-command.js'
import { tokenize } from '../src/parse/tokenize.js'

describe('tokenize', () => {
  test('recognises escaped mentions, mailto links and bare addresses', () => {
    expect(tokenize(' grant <@U1ABC|bob>  <@W2> <mailto:a@b.example|a@b.example> c@d.example x ')).toEqual([
      { kind: 'word', text: 'grant' },
      { kind: 'user', slackUserId: 'U1ABC', text: '<@U1ABC|bob>' },
      { kind: 'user', slackUserId: 'W2', text: '<@W2>' },
      { kind: 'email', email: 'a@b.example', text: '<mailto:a@b.example|a@b.example>' },
      { kind: 'email', email: 'c@d.example', text: 'c@d.example' },
      { kind: 'word', text: 'x' },
    ])
  })
})

describe('parseRolesCommand', () => {
  const cases: [string, string, unknown][] = [
    ['nothing is help', '', { kind: 'help' }],
    ['help', 'help', { kind: 'help' }],
    ['list', 'list', { kind: 'list' }],
    ['list one role', 'list admin', { kind: 'list', role: 'admin' }],
    ['grant by mention', 'grant <@U1|bo> admin', { kind: 'grant', target: { slackUserId: 'U1' }, role: 'admin' }],
    [
      'revoke in a context',
      'revoke bo@x.example support_team in teamroom:42',
      { kind: 'revoke', target: { email: 'bo@x.example' }, role: 'support_team', context: 'teamroom:42' },
    ],
    ['transfer', 'transfer <@U1>', { kind: 'transfer', target: { slackUserId: 'U1' } }],
    [
      'check in a context',
      'check <@U1> support.handle in teamroom:7',
      { kind: 'check', target: { slackUserId: 'U1' }, action: 'support.handle', context: 'teamroom:7' },
    ],
    ['subcommands ignore case', 'LIST', { kind: 'list' }],
  ]
  for (const [name, text, want] of cases) test(name, () => expect(parseRolesCommand(text)).toEqual(want))

  test.each([
    ['an unknown subcommand', 'promote <@U1> admin'],
    ['grant without a person', 'grant admin'],
    ['grant without a role', 'grant <@U1>'],
    ['a dangling context', 'grant <@U1> admin in'],
    ['words after the context', 'grant <@U1> admin in t:1 now'],
    ['transfer to two people', 'transfer <@U1> <@U2>'],
    ['check without an action', 'check <@U1>'],
    ['list with two roles', 'list admin owner'],
  ])('%s is usage help', (_name, text) => expect(parseRolesCommand(text).kind).toBe('usage'))
})

describe('parseAnonymizeCommand', () => {
  test.each([
    ['list', { kind: 'list' }],
    ['links c1', { kind: 'links', caseId: 'c1' }],
    ['approve c1', { kind: 'approve', caseId: 'c1' }],
    ['remind c1 next monday 9:00', { kind: 'remind', caseId: 'c1', when: 'next monday 9:00' }],
    ['', { kind: 'usage', problem: null }],
  ])('%s', (text, want) => expect(parseAnonymizeCommand(text)).toEqual(want))

  test.each([['approve'], ['approve c1 c2'], ['remind c1'], ['list all'], ['forget c1']])('%s is usage help', (text) =>
    expect(parseAnonymizeCommand(text)).toMatchObject({ kind: 'usage', problem: expect.any(String) }),
  )
})
