import { defineProject, type UserWorkspaceConfig } from 'vitest/config'

/**
 * Every package's test project: internal packages resolve to their TypeScript source (no build), and
 * hooks that start a database or a server get time enough on a loaded 2-core machine.
 */
export const project = (test: UserWorkspaceConfig['test'] = {}) =>
  defineProject({
    resolve: { conditions: ['@rolecall/source'] },
    ssr: { resolve: { conditions: ['@rolecall/source'] } },
    test: { include: ['test/**/*.test.ts'], hookTimeout: 120_000, testTimeout: 60_000, ...test },
  })
