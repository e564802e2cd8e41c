import type { Notice } from './compose-notice';

interface ReviewFacts {
  subjectRef: string;
  data: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function dates(facts: ReviewFacts, language: 'en' | 'es', timeZone: string) {
  const format = (iso: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
      new Date(iso),
    );
  const scheduledFor = text(facts.data.scheduledFor);
  if (!scheduledFor) throw new Error('a parole review notice needs the review date');
  const deadline = text(facts.data.statementDeadline) ?? scheduledFor;
  return { review: format(scheduledFor), deadline: format(deadline), board: text(facts.data.board) };
}

/**
 * A parole review is scheduled: when, and that the victim may be heard — in writing, through the
 * link, until the deadline — without having to. Being heard is a right, never a duty.
 */
export function paroleReviewNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone: string,
  statementUrl: string,
): Notice {
  const language = requestedLanguage === 'es' ? 'es' : 'en';
  const { review, deadline, board } = dates(facts, language, timeZone);
  if (language === 'es') {
    return {
      language,
      subject: `Revisión de libertad condicional: caso ${facts.subjectRef}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Se ha programado una revisión de libertad condicional en el caso ${facts.subjectRef}: ${review}${board ? `, ante ${board}` : ''}.`,
        `Si lo desea, puede contarle a la junta cómo le ha afectado el delito. Puede escribir su declaración aquí hasta el ${deadline}:`,
        statementUrl,
        'No tiene que hacerlo. Su defensor o defensora de víctimas puede ayudarle a escribirla o acompañarle.',
        'Le avisaremos de la decisión.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Parole review scheduled: case ${facts.subjectRef}`,
    text: [
      `Hello ${displayName},`,
      '',
      `A parole review has been scheduled in case ${facts.subjectRef}: ${review}${board ? `, before ${board}` : ''}.`,
      `If you wish, you can tell the board how the crime has affected you. You can write your statement here until ${deadline}:`,
      statementUrl,
      'You do not have to. Your victim advocate can help you write it, or be with you.',
      'We will tell you the decision.',
    ].join('\n'),
  };
}

/** The window for statements closes soon, and this registrant has not written one. */
export function paroleStatementReminderNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
  timeZone: string,
  statementUrl: string,
): Notice {
  const language = requestedLanguage === 'es' ? 'es' : 'en';
  const { deadline } = dates(facts, language, timeZone);
  if (language === 'es') {
    return {
      language,
      subject: `Recordatorio: declaración para la revisión de libertad condicional (caso ${facts.subjectRef})`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `Si desea que la junta lea su declaración en el caso ${facts.subjectRef}, puede escribirla hasta el ${deadline}:`,
        statementUrl,
        'No tiene que hacerlo; este es el único recordatorio.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Reminder: your statement for the parole review (case ${facts.subjectRef})`,
    text: [
      `Hello ${displayName},`,
      '',
      `If you want the board to read your statement in case ${facts.subjectRef}, you can write it until ${deadline}:`,
      statementUrl,
      'You do not have to; this is the only reminder.',
    ].join('\n'),
  };
}

const decisionWords = {
  en: {
    granted: 'parole was granted',
    denied: 'parole was denied',
    deferred: 'the decision was put off to a later review',
    revoked: 'parole was revoked',
  },
  es: {
    granted: 'se concedió la libertad condicional',
    denied: 'se negó la libertad condicional',
    deferred: 'la decisión se aplazó a una revisión posterior',
    revoked: 'se revocó la libertad condicional',
  },
} as const;

/** The board's decision, said plainly, with the next review when there will be one. */
export function paroleDecisionNotice(
  facts: ReviewFacts,
  requestedLanguage: string,
  displayName: string,
): Notice {
  const language = requestedLanguage === 'es' ? 'es' : 'en';
  const decision = text(facts.data.decision) as keyof (typeof decisionWords)['en'] | undefined;
  const said = (decision && decisionWords[language][decision]) ?? decision ?? '';
  const next = text(facts.data.nextReviewBy);
  if (language === 'es') {
    return {
      language,
      subject: `Decisión de libertad condicional: caso ${facts.subjectRef}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `La junta de libertad condicional ha decidido en el caso ${facts.subjectRef}: ${said}.`,
        ...(next ? [`La próxima revisión será, a más tardar, el ${next}. Le avisaremos.`] : []),
        'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede explicarle qué significa.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Parole decision: case ${facts.subjectRef}`,
    text: [
      `Hello ${displayName},`,
      '',
      `The parole board has decided in case ${facts.subjectRef}: ${said}.`,
      ...(next ? [`The next review will be by ${next}. We will tell you.`] : []),
      'If you feel unsafe, call 911. Your victim advocate can explain what this means for you.',
    ].join('\n'),
  };
}
