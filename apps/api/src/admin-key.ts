import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface AdminKeyOptions {
  /** `ROLECALL_ADMIN_KEY`, when set; it wins and nothing is written. */
  configured: string | undefined
  dataDir: string
  /** Where the one-time notice goes; stdout in production. */
  print?: (line: string) => void
}

/** A fresh admin key: a recognizable prefix (secret scanners) and 256 random bits. */
export const generateAdminKey = () => `rc_admin_${randomBytes(32).toString('base64url')}`

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT'
const alreadyExists = (err: unknown) => (err as NodeJS.ErrnoException).code === 'EEXIST'

/**
 * The admin key: the configured one, else the one stored in `<dataDir>/admin-key`, else a new one,
 * stored with mode 0600 and printed once.
 * @example const adminKey = await ensureAdminKey({ configured: config.ROLECALL_ADMIN_KEY, dataDir })
 */
export async function ensureAdminKey(options: AdminKeyOptions): Promise<string> {
  const { configured, dataDir, print = (line) => process.stdout.write(`${line}\n`) } = options
  if (configured) return configured
  const file = join(dataDir, 'admin-key')
  const stored = await readStored(file)
  if (stored) return stored
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const key = generateAdminKey()
  try {
    // `wx`: if another process created the file since we looked, keep its key rather than overwrite it.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if (!alreadyExists(err)) throw err
    const raced = await readStored(file)
    if (raced) return raced
    throw err
  }
  // Printed, not logged: the JSON log is shipped elsewhere and must never hold the key.
  print(`Generated an admin key (shown once; stored in ${file}): ${key}`)
  return key
}

async function readStored(file: string): Promise<string | undefined> {
  try {
    const key = (await readFile(file, 'utf8')).trim()
    if (!key) throw new Error(`${file} is empty: delete it to generate a new admin key, or set ROLECALL_ADMIN_KEY`)
    return key
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
}
