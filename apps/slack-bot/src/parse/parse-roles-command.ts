import { type Person, personOf, type Token, tokenize } from './tokenize.js'

/** What `/roles …` asks for; `usage` carries what was wrong with the text. */
export type RolesCommand =
  | { kind: 'help' }
  | { kind: 'list'; role?: string }
  | { kind: 'grant' | 'revoke'; target: Person; role: string; context?: string }
  | { kind: 'transfer'; target: Person }
  | { kind: 'check'; target: Person; action: string; context?: string }
  | { kind: 'usage'; problem: string }

/** One line per subcommand, shown by `/roles help` and with every usage error. */
export const ROLES_USAGE = [
  '`/roles list [role]` shows who holds which role',
  '`/roles grant @user role [in <context>]` grants a role',
  '`/roles revoke @user role [in <context>]` revokes a role',
  '`/roles transfer @user` hands ownership over (they must accept)',
  '`/roles check @user action [in <context>]` says whether they may, and why',
]

const word = (token: Token | undefined) => (token?.kind === 'word' ? token.text : undefined)

/** `in <context>` at the end, or nothing; anything else is an error. */
function trailingContext(rest: Token[]): { context?: string } | { problem: string } {
  if (rest.length === 0) return {}
  const context = word(rest[1])
  if (word(rest[0])?.toLowerCase() === 'in' && context && rest.length === 2) return { context }
  return {
    problem: `I did not understand "${rest.map((t) => t.text).join(' ')}"; a context goes last, as \`in teamroom:42\`.`,
  }
}

/**
 * Parses the text of `/roles`.
 * @example parseRolesCommand('grant <@U1|bob> admin in teamroom:42') // { kind: 'grant', target: { slackUserId: 'U1' }, role: 'admin', context: 'teamroom:42' }
 */
export function parseRolesCommand(text: string): RolesCommand {
  const [head, ...args] = tokenize(text)
  const sub = word(head)?.toLowerCase()
  if (head === undefined || sub === 'help') return { kind: 'help' }
  const target = personOf(args[0])
  switch (sub) {
    case 'list': {
      const role = word(args[0])
      if (args.length > 1 || (args.length === 1 && !role))
        return { kind: 'usage', problem: 'List takes at most a role.' }
      return role ? { kind: 'list', role } : { kind: 'list' }
    }
    case 'grant':
    case 'revoke': {
      const role = word(args[1])
      if (!target || !role) return { kind: 'usage', problem: `${sub} needs a person (@user or e-mail) and a role.` }
      const ctx = trailingContext(args.slice(2))
      if ('problem' in ctx) return { kind: 'usage', problem: ctx.problem }
      return { kind: sub, target, role, ...ctx }
    }
    case 'transfer':
      if (!target || args.length !== 1)
        return { kind: 'usage', problem: 'transfer needs exactly one person (@user or e-mail).' }
      return { kind: 'transfer', target }
    case 'check': {
      const action = word(args[1])
      if (!target || !action) return { kind: 'usage', problem: 'check needs a person (@user or e-mail) and an action.' }
      const ctx = trailingContext(args.slice(2))
      if ('problem' in ctx) return { kind: 'usage', problem: ctx.problem }
      return { kind: 'check', target, action, ...ctx }
    }
    default:
      return { kind: 'usage', problem: `There is no subcommand "${head.text}".` }
  }
}
