import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

const SRC = new URL('../src/', import.meta.url).pathname
const sources = (readdirSync(SRC, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'))

// Node 20+, Bun, Deno and browsers share fetch, URL, Headers and crypto.randomUUID, and little else.
const NODE_ONLY: [what: string, pattern: RegExp][] = [
  ['a node: import', /from ['"]node:|import\(['"]node:/],
  ['a bare built-in import', /from ['"](fs|path|crypto|http|https|url|stream|buffer|util|os)['"]/],
  ['require', /\brequire\(/],
  ['process', /\bprocess\./],
  ['Buffer', /\bBuffer\b/],
]

describe('the SDK source', () => {
  test('has files to check', () => expect(sources).toContain('index.ts'))
  for (const [what, pattern] of NODE_ONLY) {
    test(`uses no ${what}, so it runs wherever fetch does`, () => {
      const offenders = sources.filter((file) => pattern.test(readFileSync(join(SRC, file), 'utf8')))
      expect(offenders).toEqual([])
    })
  }
})
