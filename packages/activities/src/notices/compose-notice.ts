import { custodyReleasedV1 } from '@switchboard/events';

export interface Notice {
  subject: string;
  text: string;
  language: string;
}

interface NoticeFacts {
  type: string;
  subjectRef: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

const supportedLanguages = ['en', 'es'] as const;
type Language = (typeof supportedLanguages)[number];

const reasonWords: Record<Language, Record<string, string>> = {
  en: {
    sentence_completed: 'the sentence was completed',
    bail: 'bail was posted',
    bond: 'a bond was posted',
    own_recognizance: 'release on own recognizance',
    parole: 'release on parole',
    probation: 'release on probation',
    court_order: 'a court order',
    charges_dropped: 'the charges were dropped',
    acquitted: 'an acquittal',
    transfer_to_other_jurisdiction: 'a transfer to another jurisdiction',
    other: 'another reason',
  },
  es: {
    sentence_completed: 'se cumplió la condena',
    bail: 'se pagó la fianza',
    bond: 'se depositó una fianza',
    own_recognizance: 'libertad bajo palabra',
    parole: 'libertad condicional',
    probation: 'libertad a prueba',
    court_order: 'una orden judicial',
    charges_dropped: 'se retiraron los cargos',
    acquitted: 'una absolución',
    transfer_to_other_jurisdiction: 'un traslado a otra jurisdicción',
    other: 'otro motivo',
  },
};

/**
 * Plain, calm wording: what happened, when, and what the reader can do. The reader chose to get
 * these notices; we do not repeat the offender's name, only the case reference they registered for.
 */
export function composeNotice(facts: NoticeFacts, requestedLanguage: string, displayName: string): Notice {
  const language: Language = (supportedLanguages as readonly string[]).includes(requestedLanguage)
    ? (requestedLanguage as Language)
    : 'en';
  if (facts.type !== 'custody.released') {
    throw new Error(`no notice wording for event type ${facts.type}`);
  }
  const data = custodyReleasedV1.parse(facts.data);
  const when = new Date(data.releasedAt);
  const reason = reasonWords[language][data.reason] ?? data.reason;
  const dateText = new Intl.DateTimeFormat(language, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(when);

  if (language === 'es') {
    return {
      language,
      subject: `Aviso de liberación: caso ${facts.subjectRef}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Le escribimos porque se inscribió para recibir avisos sobre el caso ${facts.subjectRef}.`,
        `La persona fue puesta en libertad de ${data.facility} el ${dateText} (UTC). Motivo: ${reason}.`,
        '',
        'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede ayudarle a planificar su seguridad.',
        'Puede pausar o cancelar estos avisos en cualquier momento.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Release notice for case ${facts.subjectRef}`,
    text: [
      `Hello ${displayName},`,
      '',
      `You asked to be told about case ${facts.subjectRef}.`,
      `The person was released from ${data.facility} on ${dateText} (UTC). Reason: ${reason}.`,
      '',
      'If you feel unsafe, call 911. Your victim advocate can help you plan for your safety.',
      'You can pause or stop these notices at any time.',
    ].join('\n'),
  };
}
