import type { Kysely } from 'kysely'
import type { ContextKind, Database } from '../schema.js'
import { getContext } from './get-context.js'
import type { AuditEventBody } from './record-audit-event.js'

export interface ContextRegistration {
  id: string
  kind: ContextKind
  name: string
  at: Date
  /** Answer what would happen, writing nothing. */
  dryRun?: boolean
}

/** What a registration did: `registered` a new context or `renamed` one (with the event to audit), or nothing. */
export type RegistrationResult =
  | { outcome: 'registered' | 'renamed'; event: AuditEventBody }
  | { outcome: 'unchanged' }
  | { outcome: 'kind_mismatch'; kind: ContextKind }

/**
 * Registers a context the host application created (a workspace, a teamroom, an app), or renames a
 * registered one, and says which event to audit; the caller's org write audits it and bumps the
 * version (`writeOrgChange`). Teams and folders count against quotas and are created through the
 * engine instead. Call it inside a transaction that locked the org.
 * @example const done = await registerContext(trx, 'acme', { id: 'workspace:sales', kind: 'workspace', name: 'Sales', at: new Date() })
 */
export async function registerContext(
  trx: Kysely<Database>,
  orgId: string,
  context: ContextRegistration,
): Promise<RegistrationResult> {
  const existing = await getContext(trx, orgId, context.id)
  if (existing && existing.kind !== context.kind) return { outcome: 'kind_mismatch', kind: existing.kind }
  if (existing && existing.name === context.name) return { outcome: 'unchanged' }
  const outcome = existing ? 'renamed' : 'registered'
  const event = {
    type: `context.${outcome}`,
    details: { context: context.id, contextKind: context.kind, name: context.name },
  }
  if (context.dryRun) return { outcome, event }

  if (existing) {
    await trx
      .updateTable('contexts')
      .set({ name: context.name })
      .where('org_id', '=', orgId)
      .where('id', '=', context.id)
      .execute()
  } else {
    await trx
      .insertInto('contexts')
      .values({ org_id: orgId, id: context.id, kind: context.kind, name: context.name, created_at: context.at })
      .execute()
  }
  return { outcome, event }
}
