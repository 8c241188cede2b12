import { readFileSync } from 'node:fs'

// Read at run time: package.json sits outside `rootDir`, and this path holds from src/ and dist/ alike.
const manifest: { version: string } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/** The API's version, as published in the OpenAPI document. */
export const version = manifest.version
