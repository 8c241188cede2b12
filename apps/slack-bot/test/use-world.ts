import { afterAll, beforeAll, vi } from 'vitest'
import { startWorld, type World, type WorldOptions } from './bot-world.js'

/** One world per test file, started before its tests and closed after them. */
export function useWorld(options: WorldOptions = {}): World {
  vi.setConfig({ testTimeout: 60_000 })
  const handle = {} as World
  beforeAll(async () => {
    Object.assign(handle, await startWorld(options))
  }, 120_000)
  afterAll(() => handle.close?.())
  return handle
}
