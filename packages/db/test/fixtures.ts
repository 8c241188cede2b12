import type { Effect } from '@rolecall/core'
import type { Kysely } from 'kysely'
import { createOrg, type Database, type NewOrg, upsertPerson } from '../src/index.js'

export const AT = new Date('2026-03-01T12:00:00.000Z')
export const meta = { actor: 'ana', at: AT, requestId: 'req-1' }

export const grant = (role: string, principal: string, context: string | null = null): Effect => ({
  kind: 'role.granted',
  role,
  principal,
  context,
  cause: 'direct',
})
export const revoke = (role: string, principal: string, context: string | null = null): Effect => ({
  kind: 'role.revoked',
  role,
  principal,
  context,
  cause: 'direct',
})
export const invite = (principal: string, roles: string[] = []): Effect => ({
  kind: 'member.invited',
  principal,
  roles,
})
export const activate = (principal: string): Effect => ({ kind: 'member.activated', principal })
export const terminate = (principal: string): Effect => ({ kind: 'member.terminated', principal, left: false })
export const assign = (principal: string, context: string): Effect => ({ kind: 'context.assigned', principal, context })
export const unassign = (principal: string, context: string): Effect => ({
  kind: 'context.unassigned',
  principal,
  context,
})
export const createContext = (context: string, contextKind: 'team' | 'folder'): Effect => ({
  kind: 'context.created',
  context,
  contextKind,
})
export const requestTransfer = (from: string, to: string): Effect => ({
  kind: 'transfer.requested',
  role: 'owner',
  from,
  to,
  expiresAt: '2026-03-08T12:00:00.000Z',
  formerHolder: 'default',
})
export const openCase = (subject: string): Effect => ({ kind: 'case.opened', subject })

/** A fresh org `id` founded by ana (owner), with the profiles of ana, bo, cy and dee on file. */
export async function seedOrg(db: Kysely<Database>, id: string, overrides: Partial<NewOrg> = {}) {
  const people = (['ana', 'bo', 'cy', 'dee'] as const).map((userId) => ({
    id: userId,
    displayName: userId.charAt(0).toUpperCase() + userId.slice(1),
    email: `${userId}@example.com`,
    slackUserId: `U-${userId}`,
  }))
  return db.transaction().execute(async (trx) => {
    const founder = overrides.founder ?? 'ana'
    const founderProfile = people.find((person) => person.id === founder)
    const founded = await createOrg(trx, {
      id,
      name: `Org ${id}`,
      modelId: 'teamroom',
      features: { slack: true },
      quotas: { teams: 5 },
      founder,
      founderRoles: ['owner'],
      at: AT,
      ...(founderProfile ? { founderProfile } : {}),
      ...overrides,
    })
    for (const person of people) {
      if (person.id !== founder) await upsertPerson(trx, id, person, { actor: founder })
    }
    return founded
  })
}
