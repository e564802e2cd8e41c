import { catalogue, custodyReleasedV1, isCatalogueType } from '@switchboard/events';
import { noticeTitles } from './titles';

export interface Notice {
  subject: string;
  text: string;
  language: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
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
  if (facts.type !== 'custody.released') return briefNotice(facts, language, displayName);
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

export class NoNoticeWording extends Error {
  override readonly name = 'NoNoticeWording';
}

function briefNotice(facts: NoticeFacts, language: Language, displayName: string): Notice {
  const title =
    isCatalogueType(facts.type) && catalogue[facts.type].notifies
      ? noticeTitles[language][facts.type]
      : undefined;
  if (!title) throw new NoNoticeWording(`no notice wording for event type ${facts.type}`);
  const when = new Intl.DateTimeFormat(language, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(facts.occurredAt);
  const lines =
    language === 'es'
      ? [
          `Hola, ${displayName}:`,
          '',
          `${title} (caso ${facts.subjectRef}), el ${when} (UTC).`,
          '',
          'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede explicarle qué significa.',
          'Puede pausar o cancelar estos avisos en cualquier momento.',
        ]
      : [
          `Hello ${displayName},`,
          '',
          `${title} (case ${facts.subjectRef}), on ${when} (UTC).`,
          '',
          'If you feel unsafe, call 911. Your victim advocate can explain what this means for you.',
          'You can pause or stop these notices at any time.',
        ];
  return {
    language,
    subject: language === 'es' ? `Aviso: caso ${facts.subjectRef}` : `Notice for case ${facts.subjectRef}`,
    text: lines.join('\n'),
  };
}

/** The one message an unverified address may receive. */
export function verificationNotice(code: string, requestedLanguage: string, displayName: string): Notice {
  if (requestedLanguage === 'es') {
    return {
      language: 'es',
      subject: `Su código de Switchboard: ${code}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Su código para confirmar esta dirección es ${code}. Vence en 15 minutos.`,
        'Si usted no pidió inscribirse, puede ignorar este mensaje: no recibirá nada más.',
      ].join('\n'),
    };
  }
  return {
    language: 'en',
    subject: `Your Switchboard code: ${code}`,
    text: [
      `Hello ${displayName},`,
      '',
      `Your code to confirm this address is ${code}. It expires in 15 minutes.`,
      'If you did not ask to register, you can ignore this message: nothing else will be sent.',
    ].join('\n'),
  };
}
