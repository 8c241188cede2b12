import { randomUUID } from 'node:crypto'
import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import { json } from '../json.js'
import type { AuditEventRow, Database, OrgRow } from '../schema.js'
import { applyEffects } from './apply-effects.js'

export interface NewOrg {
  /** Minted when absent. */
  id?: string
  name: string
  /** A preset id, or `custom` with `customModel`. */
  modelId: string
  customModel?: unknown
  features: Record<string, boolean>
  quotas: Record<string, number>
  /** The user who creates the org; becomes its first active member. */
  founder: string
  /** What the org keeps of the founder; their id stands in for a name when absent. */
  founderProfile?: { displayName: string; email?: string | null | undefined; slackUserId?: string | null | undefined }
  /** The model's `founderRoles`, granted org-wide to the founder. */
  founderRoles: readonly string[]
  slackTeamId?: string | null
  at?: Date
}

/**
 * Creates an org with its founder as an active member holding the founder roles. The founding
 * goes through `applyEffects`, so it is audited like any other change and leaves version 1.
 * @example const { org } = await createOrg(trx, { name: 'Acme', modelId: 'teamroom', features: {}, quotas: {}, founder: 'ana', founderRoles: ['owner'] })
 */
export async function createOrg(
  trx: Kysely<Database>,
  input: NewOrg,
): Promise<{ org: OrgRow; events: AuditEventRow[] }> {
  const at = input.at ?? new Date()
  const id = input.id ?? randomUUID()
  await trx
    .insertInto('orgs')
    .values({
      id,
      name: input.name,
      model_id: input.modelId,
      custom_model: input.customModel === undefined ? null : json(input.customModel),
      features: json(input.features),
      quotas: json(input.quotas),
      usage: json({}),
      slack_team_id: input.slackTeamId ?? null,
      created_at: at,
    })
    .execute()
  if (input.founderProfile) {
    await trx
      .insertInto('people')
      .values({
        org_id: id,
        user_id: input.founder,
        display_name: input.founderProfile.displayName,
        email: input.founderProfile.email ?? null,
        slack_user_id: input.founderProfile.slackUserId ?? null,
        created_at: at,
        updated_at: at,
      })
      .execute()
  }
  const founding: Effect[] = [
    { kind: 'member.activated', principal: input.founder },
    ...input.founderRoles.map(
      (role): Effect => ({ kind: 'role.granted', role, principal: input.founder, context: null, cause: 'direct' }),
    ),
  ]
  const { events } = await applyEffects(trx, id, founding, { actor: input.founder, at })
  const org = await trx.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  return { org, events }
}
