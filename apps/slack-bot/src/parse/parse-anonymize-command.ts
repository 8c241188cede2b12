import { tokenize } from './tokenize.js'

/** What `/anonymize …` asks for; `usage` carries what was wrong with the text. */
export type AnonymizeCommand =
  | { kind: 'list' }
  | { kind: 'links' | 'approve'; caseId: string }
  | { kind: 'remind'; caseId: string; when: string }
  | { kind: 'usage'; problem: string | null }

/** One line per subcommand, shown with every usage error. */
export const ANONYMIZE_USAGE = [
  '`/anonymize list` shows the open anonymization cases',
  '`/anonymize links <case>` shows what the person is linked to',
  '`/anonymize approve <case>` approves anonymizing them (asks you to confirm)',
  '`/anonymize remind <case> <when>` reminds the approvers, e.g. `2026-12-01`, `in 30 days`, `next monday 9:00`',
]

/**
 * Parses the text of `/anonymize`; the time of `remind` stays text for `parseWhen`.
 * @example parseAnonymizeCommand('remind c1 in 30 days') // { kind: 'remind', caseId: 'c1', when: 'in 30 days' }
 */
export function parseAnonymizeCommand(text: string): AnonymizeCommand {
  const words = tokenize(text).map((token) => token.text)
  const [sub, caseId, ...rest] = words
  switch (sub?.toLowerCase()) {
    case undefined:
    case 'help':
      return { kind: 'usage', problem: null }
    case 'list':
      return words.length === 1 ? { kind: 'list' } : { kind: 'usage', problem: 'list takes nothing more.' }
    case 'links':
    case 'approve': {
      const kind = sub.toLowerCase() as 'links' | 'approve'
      return caseId && rest.length === 0 ? { kind, caseId } : { kind: 'usage', problem: `${kind} needs one case id.` }
    }
    case 'remind':
      return caseId && rest.length > 0
        ? { kind: 'remind', caseId, when: rest.join(' ') }
        : { kind: 'usage', problem: 'remind needs a case id and a time.' }
    default:
      return { kind: 'usage', problem: `There is no subcommand "${sub}".` }
  }
}
