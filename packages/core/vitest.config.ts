import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@rolecall/source'] },
  ssr: { resolve: { conditions: ['@rolecall/source'] } },
  test: { include: ['test/**/*.test.ts'] },
})
