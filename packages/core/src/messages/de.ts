import type { Catalog } from './catalog.js'

const wer = (p: { target?: string }, w: { person(id?: string): string }) =>
  p.target ? w.person(p.target) : 'diese Person'

/** Deutsche Sätze für jeden Code. */
export const de = {
  UNKNOWN_ROLE: (p, w) =>
    p.action === 'scoped'
      ? `Die Rolle ${w.role(p.role)} kann nicht pro Kontext vergeben werden; vergib sie für die ganze Organisation.`
      : p.action
        ? `Im Rollenmodell dieser Organisation gibt es keine Aktion „${p.action}“.`
        : `Im Rollenmodell dieser Organisation gibt es keine Rolle „${p.role}“.`,
  NOT_AUTHORIZED: (p, w) =>
    p.action === 'transfer'
      ? `${w.role(p.role)} wird nicht übertragen, sondern direkt vergeben und entzogen.`
      : p.action
        ? `Du darfst Folgendes nicht: ${w.action(p.action)}.`
        : p.transferId
          ? 'Das kann nur die andere Seite dieser Übertragung.'
          : p.role
            ? `Du darfst die Rolle ${w.role(p.role)} weder vergeben noch entziehen.`
            : 'Das darfst du hier nicht.',
  TRANSFER_REQUIRED: (p, w) => `${w.role(p.role)} wechselt nur durch eine Übertragung, die der Empfänger annimmt.`,
  FEATURE_DISABLED: (p, w) =>
    `${w.action(p.action)} braucht die Funktion „${p.feature}“, die für diese Organisation ausgeschaltet ist.`,
  BATCH_LIMIT: (p) => `Eine Anfrage fasst höchstens ${p.limit} Zuweisungen; diese hat ${p.requested}.`,
  QUOTA_EXCEEDED: (p, w) =>
    p.role
      ? `${w.role(p.role)} darf höchstens ${p.limit} Inhaber haben.`
      : `Das Abonnement erlaubt ${p.limit} für „${w.action(p.action)}“; das Kontingent ist ausgeschöpft.`,
  TRANSFER_PENDING: (p, w) =>
    `Eine Übertragung von ${w.role(p.role)} an ${wer(p, w)} ist bereits offen; sie muss zuerst angenommen, abgelehnt oder zurückgezogen werden.`,
  TRANSFER_CLOSED: () =>
    'Diese Übertragung ist nicht mehr offen: Sie wurde angenommen, abgelehnt, zurückgezogen, ist verfallen oder abgelaufen.',
  CASE_CLOSED: () => 'Dieser Anonymisierungsfall ist bereits abgeschlossen.',
  RESERVED_ROLE: (p, w) => `${w.role(p.role)} ist dem Support vorbehalten.`,
  NOT_A_MEMBER: (p, w) =>
    p.role
      ? `${w.role(p.role)} kann nur ein aktives Mitglied erhalten, und ${wer(p, w)} ist keines.`
      : `${wer(p, w)} ist kein Mitglied dieser Organisation.`,
  TARGET_OUT_OF_REACH: (p, w) =>
    p.role
      ? `Du darfst Personen nur als einfache Mitglieder einladen, nicht als ${w.role(p.role)}.`
      : `${wer(p, w)} hat eine Rolle oder ist noch Mitglied; das liegt außerhalb deiner Befugnis.`,
  NOT_ELIGIBLE: (p, w) =>
    p.eligible
      ? `${w.role(p.role)} wird aus ${w.roles(p.eligible)} gewählt, und ${wer(p, w)} hat keine dieser Rollen.`
      : `${wer(p, w)} kann ${w.role(p.role)} nicht erhalten.`,
  NOT_ENABLED: (p, w) =>
    `${w.role(p.role)} kann nur gesetzt werden, solange es mindestens ${p.enabledWhen?.atLeast} Inhaber von ${w.role(p.enabledWhen?.role)} gibt.`,
  PAIRING_REQUIRED: (p, w) => `${w.role(p.role)} muss bei ${wer(p, w)} mit ${w.roles(p.partners)} gekoppelt sein.`,
  SELF_REMOVAL_FORBIDDEN: () =>
    'Niemand kann sich selbst aus dieser Organisation entfernen; das muss ein anderer berechtigter Benutzer tun.',
  SELF_APPROVAL_FORBIDDEN: () => 'Niemand kann den Anonymisierungsfall über sich selbst genehmigen.',
  LAST_HOLDER: (p, w) =>
    `Danach gäbe es weniger als ${p.limit ?? 1} Inhaber von ${w.role(p.role)}; übergib die Rolle zuerst jemand anderem.`,
  IMPLIED_ROLE: (p, w) =>
    `${wer(p, w)} hat ${w.role(p.role)} durch ${p.impliedBy ? w.role(p.impliedBy) : 'eine andere Rolle'}; die Rolle gehört dazu.`,
  CONFIRMATION_REQUIRED: (p, w) =>
    `Eine Änderung an ${w.role(p.role)} muss ausdrücklich bestätigt werden; sende die Anfrage bestätigt erneut.`,
  BELOW_RECOMMENDED: (p, w) =>
    `Es gibt ${p.requested} Inhaber von ${w.role(p.role)}; empfohlen sind mindestens ${p.limit}.`,
  ROLE_CLEARED: (p, w) => `${w.role(p.role)} wurde ${wer(p, w)} als Folge dieser Änderung entzogen.`,
  INVALID_SHAPE: (p) => `Dieser Teil des Modells ist ungültig: ${String(p.message)}.`,
  DUPLICATE_ROLE: (p) => `Die Rolle „${p.role}“ ist doppelt definiert.`,
  UNKNOWN_ROLE_REFERENCE: (p) => `Das Modell verweist auf eine Rolle „${p.role}“, die es nicht definiert.`,
  UNKNOWN_ACTION_REFERENCE: (p) => `Das Modell verweist auf eine Aktion „${p.action}“, die es nicht definiert.`,
  MIN_ABOVE_MAX: (p) =>
    `Die Rolle „${p.role}“ braucht mindestens ${String(p.min)} Inhaber, erlaubt aber höchstens ${String(p.max)}.`,
  UNGRANTABLE_MINIMUM: (p) =>
    `Die Rolle „${p.role}“ muss immer Inhaber haben, aber ${p.reason === 'nobody grants it' ? 'niemand kann sie vergeben' : 'der Gründer erhält sie nicht'}.`,
  IMPLIES_CYCLE: (p) => `Rollen schließen einander im Kreis ein: ${(p.roles as string[]).join(' → ')}.`,
  CHOSEN_FROM_CYCLE: (p) => `Rollen werden im Kreis auseinander gewählt: ${(p.roles as string[]).join(' → ')}.`,
  ESCALATION_PATH: (p) =>
    `„${p.role}“ kann „${String(p.grants)}“ vergeben, das mehr erlaubt, als „${p.role}“ selbst darf: ${(p.missing as string[]).join(', ')}.`,
} satisfies Catalog

/** Die Sätze, die an eine Ablehnung angehängt werden: wer es könnte und an wen man sich wendet. */
export const deHints = {
  couldDo: (roles: string) => `Das können Inhaber von ${roles}.`,
  ask: (person: string) => `Wende dich an ${person}.`,
  or: 'oder',
  someone: 'diese Person',
}
