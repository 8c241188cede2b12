import { defineModel } from '../model/define-model.js'

const memberManagement = [
  'members.view',
  'members.invite',
  'members.remove',
  'settings.view',
  'teams.create',
  'folders.create',
]

/** A workspace with one owner (always also a super administrator), super administrators, administrators and members. */
export const workspace = defineModel({
  id: 'workspace',
  name: 'Workspace',
  ownerRole: 'owner',
  founderRoles: ['owner'],
  roles: [
    {
      name: 'owner',
      label: { en: 'Owner', de: 'Besitzer' },
      min: 1,
      max: 1,
      membersOnly: true,
      transferOnly: true,
      implies: ['super_admin'],
      // The former owner stays a super administrator (decision in the spec).
      formerHolderBecomes: 'super_admin',
      permissions: ['licenses.purchase', 'billing.manage', 'subscription.manage', 'workspace.delete'],
    },
    {
      name: 'super_admin',
      label: { en: 'Super administrator', de: 'Super-Administrator' },
      min: 1,
      membersOnly: true,
      grantedBy: ['owner', 'super_admin'],
      permissions: [...memberManagement, 'settings.manage', 'teams.administer', 'contexts.assign', 'members.anonymize'],
    },
    {
      name: 'admin',
      label: { en: 'Administrator', de: 'Administrator' },
      membersOnly: true,
      grantedBy: ['super_admin'],
      permissions: memberManagement,
    },
    {
      name: 'member',
      label: { en: 'Member', de: 'Member' },
      implicit: true,
      permissions: ['tasks.create', 'meetings.create'],
    },
  ],
  actions: [
    {
      id: 'licenses.purchase',
      label: { en: 'Purchase licenses', de: 'Lizenzen kaufen' },
      requiresFeature: 'licensing',
    },
    { id: 'billing.manage', label: { en: 'Manage payment details', de: 'Zahlungsangaben verwalten' } },
    { id: 'subscription.manage', label: { en: 'Manage the subscription', de: 'Abonnement verwalten' } },
    { id: 'workspace.delete', label: { en: 'Delete the workspace', de: 'Arbeitsfläche löschen' } },
    { id: 'settings.view', label: { en: 'View general settings', de: 'Allgemeine Einstellungen einsehen' } },
    { id: 'settings.manage', label: { en: 'Change general settings', de: 'Allgemeine Einstellungen ändern' } },
    { id: 'members.view', label: { en: 'View member management', de: 'Mitgliederverwaltung einsehen' } },
    { id: 'members.invite', label: { en: 'Invite members', de: 'Members einladen' } },
    { id: 'members.remove', label: { en: 'Remove members', de: 'Members entfernen' } },
    { id: 'teams.administer', label: { en: 'Administer all teams', de: 'Alle Teams administrieren' } },
    { id: 'contexts.assign', label: { en: 'Add members to teams', de: 'Members Teams zuweisen' } },
    {
      id: 'teams.create',
      label: { en: 'Create teams', de: 'Teams erstellen' },
      quota: { limit: 'maxTeams', usage: 'teams' },
    },
    {
      id: 'folders.create',
      label: { en: 'Create folders', de: 'Ordner erstellen' },
      quota: { limit: 'maxFolders', usage: 'folders' },
    },
    { id: 'members.anonymize', label: { en: 'Anonymize former members', de: 'Ehemalige Members anonymisieren' } },
    { id: 'tasks.create', label: { en: 'Create tasks', de: 'Aufgaben erstellen' } },
    { id: 'meetings.create', label: { en: 'Create meetings', de: 'Sitzungen erstellen' } },
  ],
  operations: {
    invite: 'members.invite',
    remove: 'members.remove',
    assignContexts: 'contexts.assign',
    createTeam: 'teams.create',
    createFolder: 'folders.create',
    anonymize: 'members.anonymize',
    viewAllContexts: 'teams.administer',
  },
  routes: {
    'org.messages': [{ firstOf: [['owner']] }],
    'membership.terminated': [{ firstOf: [['@approvers']] }],
    'anonymization.reminder': [{ firstOf: [['@approvers']] }],
    'transfer.requested': [{ firstOf: [['@recipient']] }],
    'permission.contact': [{ firstOf: [['owner']] }],
  },
})
