import { defineModel } from '../model/define-model.js'

const userActions = [
  'users.add',
  'users.resend_welcome',
  'users.reset_password',
  'users.update',
  'users.export',
  'users.remove',
  'users.view',
]
const securityActions = [
  'security.passwords',
  'security.sessions',
  'security.access_restrictions',
  'security.sso',
  'security.encryption_keys',
  'security.identity_providers',
]
const byUserAdmin = ['user_admin']

const action = (id: string, en: string, de: string) => ({ id, label: { en, de } })

/** Everyone is a member; administrator roles add rights (user, workspace, security, chain, data access). */
export const adminRoles = defineModel({
  id: 'admin-roles',
  name: 'Administrator roles',
  ownerRole: 'user_admin',
  founderRoles: ['user_admin'],
  roles: [
    {
      name: 'user_admin',
      label: { en: 'User administrator', de: 'Benutzeradministrator' },
      grantedBy: byUserAdmin,
      permissions: [...userActions, 'org.settings', 'activity.view', 'members.anonymize'],
    },
    {
      name: 'workspace_admin',
      label: { en: 'Workspace administrator', de: 'Arbeitsbereichsadministrator' },
      grantedBy: byUserAdmin,
      permissions: ['workspaces.create', 'workspaces.view_all', 'activity.view'],
    },
    {
      name: 'security_admin',
      label: { en: 'Security administrator', de: 'Sicherheitsadministrator' },
      grantedBy: byUserAdmin,
      permissions: [...securityActions, 'activity.view', 'activity.export'],
    },
    {
      name: 'chain_security_admin',
      label: { en: 'Chain security administrator', de: 'Kettensicherheitsadministrator' },
      grantedBy: byUserAdmin,
      requiresOneOf: ['chain_builder', 'chain_owner'],
      permissions: ['chains.connections'],
    },
    {
      name: 'chain_builder',
      label: { en: 'Chain builder', de: 'Chain-Generator' },
      grantedBy: byUserAdmin,
      permissions: ['chains.build'],
    },
    {
      name: 'chain_owner',
      label: { en: 'Chain owner', de: 'Kettenbesitzer' },
      grantedBy: byUserAdmin,
      permissions: ['chains.own'],
    },
    {
      name: 'data_access_admin',
      label: { en: 'Data access administrator', de: 'Datenzugriffsadministrator' },
      grantedBy: byUserAdmin,
      grantableBySupport: true,
      reservedFor: 'support',
      permissions: ['partitions.manage'],
    },
    { name: 'member', label: { en: 'Member', de: 'Organisationsmitglied' }, implicit: true },
  ],
  actions: [
    action('users.add', 'Add users to the organization', 'Benutzer zur Organisation hinzufügen'),
    action('users.resend_welcome', 'Resend the welcome e-mail', 'Willkommens-E-Mail erneut senden'),
    action('users.reset_password', "Reset users' passwords", 'Benutzerpasswörter zurücksetzen'),
    action('users.update', 'Update user details', 'Benutzerdetails aktualisieren'),
    action('users.export', 'Export the user list', 'Benutzerliste exportieren'),
    action('users.remove', 'Remove users from the organization', 'Benutzer aus der Organisation entfernen'),
    action('users.view', 'View users', 'Benutzer anzeigen'),
    action('security.passwords', 'Manage password settings', 'Passworteinstellungen verwalten'),
    action('security.sessions', 'Manage sign-in and session options', 'Anmelde- und Sitzungsoptionen verwalten'),
    action('security.access_restrictions', 'Set access restrictions', 'Zugriffsbeschränkungen festlegen'),
    action('security.sso', 'Manage single sign-on', 'Single Sign-On verwalten'),
    action('security.encryption_keys', 'Manage encryption keys', 'Verschlüsselungsschlüssel verwalten'),
    action('security.identity_providers', 'Manage identity providers', 'Identitätsanbieter verwalten'),
    action('org.settings', 'Manage organization settings', 'Organisationseinstellungen verwalten'),
    action('activity.view', 'View organization activity', 'Organisationsaktivitäten anzeigen'),
    action('activity.export', 'Export organization activity', 'Organisationsaktivitäten exportieren'),
    action('workspaces.create', 'Create workspaces', 'Neue Arbeitsbereiche erstellen'),
    action('workspaces.view_all', 'View all workspaces', 'Alle Arbeitsbereiche anzeigen'),
    action('chains.connections', 'Manage all connections and runners', 'Alle Verbindungen und Läufer verwalten'),
    action('chains.build', 'Build automation chains', 'Automatisierungsketten erstellen'),
    action('chains.own', 'Own automation chains', 'Automatisierungsketten besitzen'),
    action('partitions.manage', 'Create and manage database partitions', 'Datenbankpartitionen verwalten'),
    action('members.anonymize', 'Anonymize former users', 'Ehemalige Benutzer anonymisieren'),
  ],
  operations: {
    invite: 'users.add',
    remove: 'users.remove',
    anonymize: 'members.anonymize',
    viewAllContexts: 'workspaces.view_all',
  },
  routes: {
    'org.messages': [{ firstOf: [['user_admin']] }],
    'membership.terminated': [{ firstOf: [['@approvers']] }],
    'anonymization.reminder': [{ firstOf: [['@approvers']] }],
    'transfer.requested': [{ firstOf: [['@recipient']] }],
    'permission.contact': [{ firstOf: [['user_admin']] }],
  },
})
