import { defineModel } from '../model/define-model.js'

const ownersAndCoOwners = ['owner', 'co_owner']
const orgManagement = ['org.manage', 'members.view', 'members.invite', 'members.remove', 'contexts.assign']
/** Owners and co-owners can do everything the roles below them can. */
const everything = [...orgManagement, 'teamrooms.access', 'licenses.purchase', 'members.anonymize', 'support.handle']

/** The default model: one owner, co-owners, a payment user, buyers, compliance, admins and support. */
export const teamroom = defineModel({
  id: 'teamroom',
  name: 'Teamroom',
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
      formerHolderBecomes: 'co_owner',
      permissions: everything,
    },
    {
      name: 'co_owner',
      label: { en: 'Co-owner', de: 'Mitbesitzer' },
      grantedBy: ownersAndCoOwners,
      permissions: everything,
    },
    {
      name: 'main_owner',
      label: { en: 'Main owner', de: 'Hauptbesitzer' },
      max: 1,
      grantedBy: ownersAndCoOwners,
      chosenFrom: ownersAndCoOwners,
      enabledWhen: { role: 'co_owner', atLeast: 1 },
    },
    {
      name: 'payment_user',
      label: { en: 'Payment user', de: 'Zahlungsbenutzer' },
      max: 1,
      grantedBy: ownersAndCoOwners,
      permissions: ['licenses.purchase'],
    },
    {
      name: 'authorized_buyer',
      label: { en: 'Authorized buyer', de: 'Berechtigter Käufer' },
      grantedBy: [...ownersAndCoOwners, 'payment_user'],
      permissions: ['licenses.purchase'],
    },
    {
      name: 'compliance_manager',
      label: { en: 'Compliance manager', de: 'Compliance-Manager' },
      grantedBy: ownersAndCoOwners,
      permissions: ['members.anonymize'],
    },
    {
      name: 'admin',
      label: { en: 'Administrator', de: 'Administrator' },
      grantedBy: [...ownersAndCoOwners, 'payment_user'],
      permissions: orgManagement,
    },
    {
      name: 'main_admin',
      label: { en: 'Main administrator', de: 'Hauptadministrator' },
      max: 1,
      grantedBy: [...ownersAndCoOwners, 'payment_user'],
      chosenFrom: ['admin'],
      enabledWhen: { role: 'admin', atLeast: 2 },
    },
    {
      name: 'support_team',
      label: { en: 'Support team', de: 'Support-Team' },
      grantedBy: [...ownersAndCoOwners, 'admin'],
      scoped: true,
      permissions: ['support.handle'],
    },
  ],
  actions: [
    { id: 'org.manage', label: { en: 'Manage the organization', de: 'Organisation verwalten' } },
    { id: 'teamrooms.access', label: { en: 'Access all teamrooms', de: 'Auf alle Teamrooms zugreifen' } },
    { id: 'members.view', label: { en: 'View members', de: 'Mitglieder anzeigen' } },
    { id: 'members.invite', label: { en: 'Invite members', de: 'Mitglieder einladen' } },
    { id: 'members.remove', label: { en: 'Remove members', de: 'Mitglieder entfernen' } },
    { id: 'contexts.assign', label: { en: 'Assign members to teamrooms', de: 'Mitglieder Teamrooms zuweisen' } },
    {
      id: 'licenses.purchase',
      label: { en: 'Purchase licenses', de: 'Lizenzen kaufen' },
      requiresFeature: 'licensing',
    },
    {
      id: 'members.anonymize',
      label: { en: 'Anonymize former members', de: 'Ehemalige Mitglieder anonymisieren' },
    },
    { id: 'support.handle', label: { en: 'Handle support requests', de: 'Support-Anfragen bearbeiten' } },
  ],
  operations: {
    invite: 'members.invite',
    remove: 'members.remove',
    assignContexts: 'contexts.assign',
    anonymize: 'members.anonymize',
    viewAllContexts: 'teamrooms.access',
  },
  routes: {
    'org.messages': [{ firstOf: [['main_owner'], ownersAndCoOwners] }, { firstOf: [['main_admin'], ['admin']] }],
    'membership.terminated': [{ firstOf: [['compliance_manager'], ['main_owner'], ownersAndCoOwners] }],
    'anonymization.reminder': [{ firstOf: [['compliance_manager'], ['main_owner'], ownersAndCoOwners] }],
    'transfer.requested': [{ firstOf: [['@recipient']] }],
    'permission.contact': [{ firstOf: [['main_owner'], ['owner']] }],
    'support.requests': [{ firstOf: [['support_team']] }],
  },
  background: { permissions: ['teamrooms.access'] },
})
