import { PRESETS, type RoleModel, validateModel } from '@rolecall/core'
import type { OrgRow } from '@rolecall/db'

// Custom models arrive from storage as fresh objects; keeping the parsed model per JSON text lets the
// engine's per-model caches work across requests.
const customModels = new Map<string, RoleModel>()
const MAX_CACHED = 1000

/** An org's role model: its preset, or its stored custom model (validated when stored, parsed here). */
export function modelOf(org: Pick<OrgRow, 'model_id' | 'custom_model'>): RoleModel {
  if (org.model_id !== 'custom') {
    const preset = PRESETS[org.model_id]
    if (!preset) throw new Error(`org refers to an unknown preset ${org.model_id}`)
    return preset
  }
  const text = JSON.stringify(org.custom_model)
  const cached = customModels.get(text)
  if (cached) return cached
  const result = validateModel(org.custom_model)
  if (!result.ok) throw new Error('a stored custom model no longer validates')
  if (customModels.size >= MAX_CACHED) customModels.clear()
  customModels.set(text, result.model)
  return result.model
}
