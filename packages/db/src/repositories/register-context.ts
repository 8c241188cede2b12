import type { Kysely } from 'kysely'
import type { ContextKind, Database } from '../schema.js'
import { getContext } from './get-context.js'
import { recordAuditEvent } from './record-audit-event.js'

export interface ContextRegistration {
  id: string
  kind: ContextKind
  name: string
  actor: string
  at: Date
  requestId?: string | undefined
  /** Answer what would happen, writing nothing. */
  dryRun?: boolean
}

/** What a registration did: `registered` a new context, `renamed` one, or nothing (`unchanged`). */
export type RegistrationResult =
  | { outcome: 'registered' | 'renamed'; version: number }
  | { outcome: 'unchanged'; version: number }
  | { outcome: 'kind_mismatch'; kind: ContextKind }

/**
 * Registers a context the host application created (a workspace, a teamroom, an app), or renames a
 * registered one, with its audit event and a version bump. Teams and folders count against quotas and
 * are created through the engine instead. Call it inside a transaction that locked the org.
 * @example await registerContext(trx, 'acme', { id: 'workspace:sales', kind: 'workspace', name: 'Sales', actor: 'operator', at: new Date() })
 */
export async function registerContext(
  trx: Kysely<Database>,
  orgId: string,
  context: ContextRegistration,
): Promise<RegistrationResult> {
  const existing = await getContext(trx, orgId, context.id)
  if (existing && existing.kind !== context.kind) return { outcome: 'kind_mismatch', kind: existing.kind }
  const org = await trx.selectFrom('orgs').select('version').where('id', '=', orgId).executeTakeFirstOrThrow()
  if (existing && existing.name === context.name) return { outcome: 'unchanged', version: org.version }
  const outcome = existing ? 'renamed' : 'registered'
  if (context.dryRun) return { outcome, version: org.version }

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
  const type = `context.${outcome}`
  await recordAuditEvent(trx, {
    orgId,
    at: context.at,
    actor: context.actor,
    type,
    details: { context: context.id, contextKind: context.kind, name: context.name },
    requestId: context.requestId ?? null,
  })
  const bumped = await trx
    .updateTable('orgs')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', orgId)
    .returning('version')
    .executeTakeFirstOrThrow()
  return { outcome, version: bumped.version }
}
