import { catalogue, custodyReleasedV1, isCatalogueType } from '@switchboard/events';
import { noticeTitles } from './titles';

export interface Notice {
  subject: string;
  text: string;
  language: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** When the message says less than the notice (brief detail): the words the portal shows. */
  inPortal?: { subject: string; text: string };
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

/** A moment as the registrant reads it: in their time zone, with the zone named. */
function moment(language: Language, at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(at));
}

const safetyLine: Record<Language, string> = {
  en: 'If you feel unsafe, call 911. Your victim advocate can help you plan for your safety.',
  es: 'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede ayudarle a planificar su seguridad.',
};
/** After a death in custody, safety advice would not fit: support, offered, not pressed. */
const supportLine: Record<Language, string> = {
  en: 'This may bring up a lot. If you would like to talk about it, your victim advocate is there for you.',
  es: 'Esta noticia puede remover muchas cosas. Si desea hablar de ello, su defensor o defensora de víctimas está a su disposición.',
};
/** Where help beyond notices is: after a release, an escape or a death, the news people most need it for. */
const helpLine: Record<Language, (url: string) => string> = {
  en: (url) => `Help and support (hotlines, counselling, compensation): ${url}`,
  es: (url) => `Ayuda y apoyo (líneas de ayuda, apoyo emocional, compensación): ${url}`,
};
const needsHelpLine = (type: string) =>
  type === 'custody.released' || type === 'custody.escaped' || type === 'custody.deceased';
const stopLine: Record<Language, string> = {
  en: 'You can pause or stop these notices at any time.',
  es: 'Puede pausar o cancelar estos avisos en cualquier momento.',
};

/**
 * What the event itself says, for the types whose data carries more than "it happened": the
 * release date of a scheduled release, where a transferred person went, when a death happened.
 * Undefined for the rest, which say when the agency recorded it.
 */
function details(facts: NoticeFacts, language: Language, timeZone: string): string | undefined {
  const at = (value: unknown) => moment(language, String(value), timeZone);
  const d = facts.data;
  const es = language === 'es';
  switch (facts.type) {
    case 'custody.release_scheduled': {
      const reason = reasonWords[language][String(d.reason)] ?? String(d.reason);
      return es
        ? `La liberación está prevista para el ${at(d.scheduledFor)}, de ${d.facility}. Motivo: ${reason}.`
        : `The release is planned for ${at(d.scheduledFor)}, from ${d.facility}. Reason: ${reason}.`;
    }
    case 'custody.transferred':
      return es
        ? `Fue trasladada de ${d.fromFacility} a ${d.toFacility} el ${at(d.transferredAt)}.`
        : `The person was moved from ${d.fromFacility} to ${d.toFacility} on ${at(d.transferredAt)}.`;
    case 'custody.deceased':
      return es
        ? `Falleció el ${at(d.diedAt)}${d.facility ? `, en ${d.facility}` : ''}.`
        : `The death happened on ${at(d.diedAt)}${d.facility ? `, at ${d.facility}` : ''}.`;
    default:
      return undefined;
  }
}

/**
 * Plain, calm wording: what happened, when, and what the reader can do. The reader chose to get
 * these notices; we do not repeat the offender's name, only the case reference they registered for.
 * Times are in the registrant's own time zone, named.
 */
export function composeNotice(
  facts: NoticeFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone = 'UTC',
  /** The portal's help page, linked where the news may call for it. */
  helpUrl?: string,
): Notice {
  const language: Language = (supportedLanguages as readonly string[]).includes(requestedLanguage)
    ? (requestedLanguage as Language)
    : 'en';
  const notice = composeWithoutHelp(facts, language, displayName, timeZone);
  if (!helpUrl || !needsHelpLine(facts.type)) return notice;
  const lines = notice.text.split('\n');
  // Beside the safety or support line, before the line on stopping notices.
  lines.splice(lines.length - 1, 0, helpLine[language](helpUrl));
  return { ...notice, text: lines.join('\n') };
}

function composeWithoutHelp(
  facts: NoticeFacts,
  language: Language,
  displayName: string,
  timeZone: string,
): Notice {
  if (facts.type !== 'custody.released') return briefNotice(facts, language, displayName, timeZone);
  const data = custodyReleasedV1.parse(facts.data);
  const reason = reasonWords[language][data.reason] ?? data.reason;
  const when = moment(language, data.releasedAt, timeZone);

  if (language === 'es') {
    return {
      language,
      subject: `Aviso de liberación: caso ${facts.subjectRef}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Le escribimos porque se inscribió para recibir avisos sobre el caso ${facts.subjectRef}.`,
        `La persona fue puesta en libertad de ${data.facility} el ${when}. Motivo: ${reason}.`,
        '',
        safetyLine.es,
        stopLine.es,
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
      `The person was released from ${data.facility} on ${when}. Reason: ${reason}.`,
      '',
      safetyLine.en,
      stopLine.en,
    ].join('\n'),
  };
}

export class NoNoticeWording extends Error {
  override readonly name = 'NoNoticeWording';
}

function briefNotice(facts: NoticeFacts, language: Language, displayName: string, timeZone: string): Notice {
  const title =
    isCatalogueType(facts.type) && catalogue[facts.type].notifies
      ? noticeTitles[language][facts.type]
      : undefined;
  if (!title) throw new NoNoticeWording(`no notice wording for event type ${facts.type}`);
  const es = language === 'es';
  const detail = details(facts, language, timeZone);
  const headline = detail
    ? `${title} (${es ? 'caso' : 'case'} ${facts.subjectRef}).`
    : es
      ? `${title} (caso ${facts.subjectRef}), el ${moment(language, facts.occurredAt, timeZone)}.`
      : `${title} (case ${facts.subjectRef}), on ${moment(language, facts.occurredAt, timeZone)}.`;
  const closing = facts.type === 'custody.deceased' ? supportLine[language] : safetyLine[language];
  return {
    language,
    subject: es ? `Aviso: caso ${facts.subjectRef}` : `Notice for case ${facts.subjectRef}`,
    text: [
      es ? `Hola, ${displayName}:` : `Hello ${displayName},`,
      '',
      headline,
      ...(detail ? [detail] : []),
      '',
      closing,
      stopLine[language],
    ].join('\n'),
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
