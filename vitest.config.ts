import { defineConfig } from 'vitest/config'

// One runner for the whole tree: each package is a project, and every project resolves
// internal packages to their TypeScript source, so tests need no build.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
})
