import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@rolecall/source'] },
  ssr: { resolve: { conditions: ['@rolecall/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file starts its own database (PGlite boots a WebAssembly Postgres), which can take
    // many seconds on a loaded machine; the defaults (5 s, 10 s) would fail tests that are merely slow.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
