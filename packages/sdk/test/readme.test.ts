import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'

// The README's code is type-checked through examples/*.ts (tsconfig.json includes them); this keeps
// the two identical. Each ts block follows a marker naming its file: <!-- example: examples/x.ts -->.
const root = new URL('../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const examples = readdirSync(new URL('examples/', root)).filter((file) => file.endsWith('.ts'))
const blocks = [...readme.matchAll(/<!-- example: (examples\/[\w.-]+\.ts) -->\n```ts\n([\s\S]*?)```/g)].map(
  ([, file, code]) => ({ file: file ?? '', code: code ?? '' }),
)

describe('README', () => {
  test('marks every ts block with the example file it shows', () => {
    expect(blocks.length).toBe(readme.match(/^```ts$/gm)?.length)
  })

  for (const { file, code } of blocks) {
    test(`shows ${file} exactly`, () => expect(code).toBe(readFileSync(new URL(file, root), 'utf8')))
  }

  test('shows every example', () => {
    expect(blocks.map((b) => b.file).sort()).toEqual(examples.map((file) => `examples/${file}`).sort())
  })

  test('opens with a quick start of ten lines or fewer', () => {
    expect(blocks[0]?.file).toBe('examples/quick-start.ts')
    expect(blocks[0]?.code.trimEnd().split('\n').length).toBeLessThanOrEqual(10)
  })
})
