import { describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { testDeps } from './fixtures.js'

/** The parts of an OpenAPI document these tests read. */
interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>
  components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, unknown> }
}

describe('GET /openapi.json', () => {
  test('is an OpenAPI 3.1 document with the health routes, the Problem schema and bearer auth', async () => {
    const res = await createApp(testDeps()).request('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as OpenApiDocument
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info).toMatchObject({ title: 'Rolecall', version: expect.any(String) })
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']))
    expect(doc.paths['/readyz']?.get?.responses['503']?.content['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    })
    expect(doc.components.schemas.Problem?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'instance']),
    )
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
  })
})

describe('GET /docs', () => {
  test('serves the API reference page, pointed at /openapi.json', async () => {
    const res = await createApp(testDeps()).request('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(await res.text()).toContain('/openapi.json')
  })
})
