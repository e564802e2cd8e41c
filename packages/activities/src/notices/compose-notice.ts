import { catalogue, isCatalogueType } from '@switchboard/events';
import {
  eventWords,
  isNotifyingType,
  type NoticeLanguage,
  type NotifyingType,
  noticeLanguages,
} from './event-messages';

export interface Notice {
  subject: string;
  text: string;
  language: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** When the message says less than the notice (brief detail): the words the portal shows. */
  inPortal?: { subject: string; text: string };
  /**
   * What the notice is about, as structured fields for systems that read it (an advocate's case
   * system, by webhook): the event's type, reference, time and data, which hold no personal data.
   * Brief notices leave it out, as they leave out the case.
   */
  event?: { type: string; subjectRef: string; occurredAt: string; data: Record<string, unknown> };
}

interface NoticeFacts {
  type: string;
  subjectRef: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

const safetyLine: Record<NoticeLanguage, string> = {
  en: 'If you feel unsafe, call 911. Your victim advocate can help you plan for your safety.',
  es: 'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede ayudarle a planificar su seguridad.',
};
/** After a death in custody, safety advice would not fit: support, offered, not pressed. */
const supportLine: Record<NoticeLanguage, string> = {
  en: 'This may bring up a lot. If you would like to talk about it, your victim advocate is there for you.',
  es: 'Esta noticia puede remover muchas cosas. Si desea hablar de ello, su defensor o defensora de víctimas está a su disposición.',
};
/** For news that puts nobody at risk: what it means for them is a question their advocate answers. */
const questionsLine: Record<NoticeLanguage, string> = {
  en: 'If you have questions about what this means for you, your victim advocate can help.',
  es: 'Si tiene preguntas sobre lo que esto significa para usted, su defensor o defensora de víctimas puede ayudarle.',
};
/** Where help beyond notices is: after a release, an escape or a death, the news people most need it for. */
const helpLine: Record<NoticeLanguage, (url: string) => string> = {
  en: (url) => `Help and support (hotlines, counselling, compensation): ${url}`,
  es: (url) => `Ayuda y apoyo (líneas de ayuda, apoyo emocional, compensación): ${url}`,
};
const needsHelpLine = (type: string) =>
  type === 'custody.released' || type === 'custody.escaped' || type === 'custody.deceased';
const stopLine: Record<NoticeLanguage, string> = {
  en: 'You can pause or stop these notices at any time.',
  es: 'Puede pausar o cancelar estos avisos en cualquier momento.',
};

/**
 * Safety advice only where the news can put someone at risk: the person is or will be out, or
 * their whereabouts are unknown, or an order that protected the victim is gone. Never after a death.
 */
const closingOf: Record<NotifyingType, 'safety' | 'support' | 'questions'> = {
  'custody.booked': 'questions',
  'custody.released': 'safety',
  'custody.transferred': 'questions',
  'custody.escaped': 'safety',
  'custody.recaptured': 'questions',
  'custody.deceased': 'support',
  'custody.release_scheduled': 'safety',
  'custody.temporary_release': 'safety',
  'court.hearing_scheduled': 'questions',
  'court.hearing_rescheduled': 'questions',
  'court.hearing_cancelled': 'questions',
  'court.hearing_outcome': 'questions',
  'court.sentence_imposed': 'questions',
  'court.case_dismissed': 'safety',
  'protective_order.issued': 'safety',
  'protective_order.served': 'safety',
  'protective_order.modified': 'safety',
  'protective_order.expired': 'safety',
  'parole.review_scheduled': 'questions',
  'parole.decision': 'questions',
  'supervision.started': 'questions',
  'supervision.violation': 'safety',
  'supervision.absconded': 'safety',
  'supervision.ended': 'questions',
  'feed.retraction': 'questions',
};
const closings = { safety: safetyLine, support: supportLine, questions: questionsLine };

/**
 * Plain, calm wording: what happened, when and where, as the event says it, and what the reader can
 * do. The reader chose to get these notices; we do not repeat the offender's name, only the case
 * reference they registered for. Times are in the registrant's own time zone, named.
 */
export function composeNotice(
  facts: NoticeFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone = 'UTC',
  /** The portal's help page, linked where the news may call for it. */
  helpUrl?: string,
): Notice {
  const language: NoticeLanguage = (noticeLanguages as readonly string[]).includes(requestedLanguage)
    ? (requestedLanguage as NoticeLanguage)
    : 'en';
  const type = facts.type;
  if (!isNotifyingType(type) || !(isCatalogueType(type) && catalogue[type].notifies))
    throw new NoNoticeWording(`no notice wording for event type ${type}`);
  const { title, body } = eventWords(type, facts.data, language, timeZone);
  const es = language === 'es';
  const subject =
    type === 'custody.released'
      ? es
        ? `Aviso de liberación: caso ${facts.subjectRef}`
        : `Release notice for case ${facts.subjectRef}`
      : es
        ? `Aviso: caso ${facts.subjectRef}`
        : `Notice for case ${facts.subjectRef}`;
  return {
    language,
    subject,
    event: {
      type,
      subjectRef: facts.subjectRef,
      occurredAt: facts.occurredAt.toISOString(),
      data: facts.data,
    },
    text: [
      es ? `Hola, ${displayName}:` : `Hello ${displayName},`,
      '',
      `${title} (${es ? 'caso' : 'case'} ${facts.subjectRef}).`,
      body,
      '',
      closings[closingOf[type]][language],
      ...(helpUrl && needsHelpLine(type) ? [helpLine[language](helpUrl)] : []),
      stopLine[language],
    ].join('\n'),
  };
}

export class NoNoticeWording extends Error {
  override readonly name = 'NoNoticeWording';
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
