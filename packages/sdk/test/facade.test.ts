import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { testApp } from './support/api.js'

// The hand-written facade reaches each operation through the typed raw client, as
// `raw.METHOD('/path/{template}'`; its calls are found in its source. (Each call's path is typechecked
// against the spec, so a call to an operation that does not exist fails to compile instead.)
const FACADE = new URL('../src/create-rolecall.ts', import.meta.url)
const CALL = /\braw\.(GET|PUT|POST|PATCH|DELETE)\(\s*'([^']+)'/g
const METHODS = ['get', 'put', 'post', 'patch', 'delete']

describe('createRolecall', () => {
  test('has a method for every operation the API serves in /openapi.json', async () => {
    const res = await testApp().request('/openapi.json')
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> }
    const served = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    const called = new Set([...(await readFile(FACADE, 'utf8')).matchAll(CALL)].map(([, m, p]) => `${m} ${p}`))
    expect(served.length).toBeGreaterThan(0)
    expect(served.filter((operation) => !called.has(operation))).toEqual([])
  })
})
