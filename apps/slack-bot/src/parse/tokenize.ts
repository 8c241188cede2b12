/** A word of a command, with Slack's escaped mentions and mailto links already recognised. */
export type Token =
  | { kind: 'user'; slackUserId: string; text: string }
  | { kind: 'email'; email: string; text: string }
  | { kind: 'word'; text: string }

// `should_escape: true` turns @bob into <@U123|bob> (or <@U123>) and an address into <mailto:a@b|a@b>.
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/
const MAILTO = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

/**
 * Splits a command's text into words, recognising mentions and e-mail addresses.
 * @example tokenize('grant <@U1|bob> admin') // [word grant, user U1, word admin]
 */
export function tokenize(text: string): Token[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word): Token => {
      const mention = MENTION.exec(word)
      if (mention?.[1]) return { kind: 'user', slackUserId: mention[1], text: word }
      const mailto = MAILTO.exec(word)?.[1]
      if (mailto && EMAIL.test(mailto)) return { kind: 'email', email: mailto, text: word }
      if (EMAIL.test(word)) return { kind: 'email', email: word, text: word }
      return { kind: 'word', text: word }
    })
}

/** A person named in a command: a Slack mention or an e-mail address. */
export type Person = { slackUserId: string } | { email: string }

/** The person a token names, if it names one. */
export const personOf = (token: Token | undefined): Person | undefined =>
  token?.kind === 'user'
    ? { slackUserId: token.slackUserId }
    : token?.kind === 'email'
      ? { email: token.email }
      : undefined
