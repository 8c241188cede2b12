import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.js'
import { useWorkflows } from '../support/with-workflows.js'
import { useApi } from './harness.js'

interface Mail {
  to: string[]
  raw: string
}

const api = useApi()
const mails: Mail[] = []
const REFUSED = 'refused@example.test'
let refusals = 0
// A real SMTP server on an ephemeral port, keeping what it receives and refusing one mailbox.
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, callback) {
    if (address.address !== REFUSED) return callback()
    refusals++
    callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }))
  },
  onData(stream, session, done) {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
      done()
    })
  },
})
beforeAll(() => new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve)), 60_000)
afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)), 60_000)
// Registered after the server's hooks: it starts once the port is known and stops before the server does.
useWorkflows(api, () => {
  const { port } = smtp.server.address() as AddressInfo
  return { smtp: { url: `smtp://127.0.0.1:${port}`, from: 'Rolecall <roles@example.test>' } }
})

type Listed = { type: string; recipient: string; channel: string }

/**
 * An org of Ana Alves (e-mail `anaEmail`) in which she grants Bo Berg (e-mail `boEmail`, if any) admin
 * and revokes it: the revoke notifies both. Returns the org's id.
 */
async function grantAndRevoke(name: string, anaEmail: string, boEmail?: string): Promise<string> {
  const created = await api.must(201, 'POST', '/v1/orgs', {
    body: { name, model: 'teamroom', founder: { id: 'ana', displayName: 'Ana Alves', email: anaEmail } },
  })
  const orgId = created.body.id as string
  const invited = await api.must(201, 'POST', `/v1/orgs/${orgId}/invitations`, {
    actor: 'ana',
    body: { user: { id: 'bo', displayName: 'Bo Berg', ...(boEmail ? { email: boEmail } : {}) } },
  })
  await api.must(200, 'POST', `/v1/orgs/${orgId}/invitations/${invited.body.invitationId}/accept`, { actor: 'bo' })
  await api.grant(orgId, 'admin', 'bo', 'ana')
  await api.must(200, 'DELETE', `/v1/orgs/${orgId}/roles/admin/holders/bo`, { actor: 'ana' })
  return orgId
}

const revokesListed = async (orgId: string): Promise<Listed[]> => {
  const res = await api.must(200, 'GET', `/v1/orgs/${orgId}/notifications`, { actor: 'ana' })
  return (res.body.notifications as Listed[]).filter((n) => n.type === 'role.revoked')
}

describe('notifications by e-mail (SMTP_URL)', () => {
  test('a recipient with an address gets an e-mail; one without keeps a stored message', async () => {
    const orgId = await grantAndRevoke('Mailing Org', 'ana@example.test')

    const mail = await waitFor('the revoke e-mailed to ana', () =>
      mails.find((m) => m.raw.includes('Ana Alves revoked admin from Bo Berg in Mailing Org.')),
    )
    expect(mail.to).toEqual(['ana@example.test'])
    expect(mail.raw).toMatch(/^Subject: admin revoked$/m)
    expect(mail.raw).toMatch(/^From: Rolecall <roles@example.test>$/m)

    const listed = await waitFor('both recipients handled', async () => {
      const revoked = await revokesListed(orgId)
      return revoked.length === 2 && revoked
    })
    expect(Object.fromEntries(listed.map((n) => [n.recipient, n.channel]))).toEqual({ ana: 'email', bo: 'stored' })
  })

  test('a refused address fails only its own notification, and the retry sends nobody a second e-mail', async () => {
    const orgId = await grantAndRevoke('Bounce Org', 'ana@bounce.test', REFUSED)

    // The batch failed on bo's address and was retried at least once.
    await waitFor('a retry of the refused address', () => refusals >= 2)
    const toAna = mails.filter((m) => m.to.includes('ana@bounce.test') && m.raw.includes('revoked admin from Bo Berg'))
    expect(toAna).toHaveLength(1)
    const revoked = await revokesListed(orgId)
    expect(revoked.map((n) => [n.recipient, n.channel])).toEqual([['ana', 'email']])
  })
})
