import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ensureAdminKey } from '../src/admin-key.js'

describe('ensureAdminKey', () => {
  let dataDir: string
  let printed: string[]
  const print = (line: string) => printed.push(line)
  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'rolecall-admin-key-')), 'nested')
    printed = []
  })
  afterEach(() => rm(join(dataDir, '..'), { recursive: true, force: true }))

  test('generates a key on first start, stores it with mode 0600 and prints it once', async () => {
    const key = await ensureAdminKey({ configured: undefined, dataDir, print })
    expect(key).toMatch(/^rc_admin_[\w-]{43}$/)
    const file = join(dataDir, 'admin-key')
    expect((await readFile(file, 'utf8')).trim()).toBe(key)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(printed).toEqual([expect.stringContaining(file)])
    expect(printed[0]).toContain(key)

    expect(await ensureAdminKey({ configured: undefined, dataDir, print })).toBe(key)
    expect(printed).toHaveLength(1)
  })

  test('a configured key wins and nothing is written or printed', async () => {
    const key = await ensureAdminKey({ configured: 'rc_admin_from_the_environment_1234', dataDir, print })
    expect(key).toBe('rc_admin_from_the_environment_1234')
    await expect(stat(dataDir)).rejects.toThrow(/ENOENT/)
    expect(printed).toEqual([])
  })

  test('an empty key file is an error, not a silent new key', async () => {
    await ensureAdminKey({ configured: undefined, dataDir, print })
    await writeFile(join(dataDir, 'admin-key'), '\n')
    await expect(ensureAdminKey({ configured: undefined, dataDir, print })).rejects.toThrow(/is empty/)
  })
})
