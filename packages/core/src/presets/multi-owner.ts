import { defineModel } from '../model/define-model.js'

/** Several owners, one of them primary (the creator), and members who may leave. */
export const multiOwner = defineModel({
  id: 'multi-owner',
  name: 'Multiple owners',
  ownerRole: 'primary_owner',
  founderRoles: ['owner', 'primary_owner'],
  roles: [
    {
      name: 'owner',
      label: { en: 'Owner', de: 'Besitzer' },
      min: 1,
      membersOnly: true,
      grantedBy: ['owner'],
      revokedBy: ['owner'],
      confirm: { grant: true, revoke: true },
      permissions: [
        'members.invite',
        'members.remove',
        'billing.manage',
        'subscriptions.view',
        'invoices.view',
        'settings.manage',
        'workspaces.overview',
        'members.anonymize',
      ],
    },
    {
      name: 'primary_owner',
      label: { en: 'Primary owner', de: 'Hauptbesitzer' },
      min: 1,
      max: 1,
      membersOnly: true,
      transferOnly: true,
      chosenFrom: ['owner'],
    },
    { name: 'member', label: { en: 'Member', de: 'Mitglied' }, implicit: true },
  ],
  actions: [
    { id: 'members.invite', label: { en: 'Invite users', de: 'Benutzer einladen' } },
    { id: 'members.remove', label: { en: 'Remove other users', de: 'Andere Benutzer entfernen' } },
    { id: 'billing.manage', label: { en: 'Manage billing information', de: 'Rechnungsinformationen verwalten' } },
    { id: 'subscriptions.view', label: { en: 'View subscriptions', de: 'Abonnements anzeigen' } },
    { id: 'invoices.view', label: { en: 'View invoices', de: 'Rechnungen anzeigen' } },
    {
      id: 'settings.manage',
      label: { en: 'Manage organization settings', de: 'Organisationseinstellungen verwalten' },
    },
    {
      id: 'workspaces.overview',
      label: { en: 'See every workspace (without access)', de: 'Alle Arbeitsbereiche sehen (ohne Zugriff)' },
    },
    { id: 'members.anonymize', label: { en: 'Anonymize former users', de: 'Ehemalige Benutzer anonymisieren' } },
  ],
  operations: {
    invite: 'members.invite',
    remove: 'members.remove',
    anonymize: 'members.anonymize',
    viewAllContexts: 'workspaces.overview',
  },
  routes: {
    'org.messages': [{ firstOf: [['owner']] }],
    'membership.terminated': [{ firstOf: [['@approvers']] }],
    'anonymization.reminder': [{ firstOf: [['@approvers']] }],
    'transfer.requested': [{ firstOf: [['@recipient']] }],
    'permission.contact': [{ firstOf: [['primary_owner']] }],
  },
})
