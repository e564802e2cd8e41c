import type { Notice } from './compose-notice';
import { eventMessages, isNotifyingType } from './event-messages';

/**
 * The correction to a notice the agency withdrew: which notice (its words and date), that it was
 * wrong, and that nothing about the case changed because of it. Said plainly, because a false
 * release notice frightens people and a vague correction does not undo that.
 */
export function correctionNotice(
  facts: { subjectRef: string; withdrawnType?: string; withdrawnAt?: Date },
  requestedLanguage: string,
  displayName: string,
): Notice {
  const language = requestedLanguage === 'es' ? 'es' : 'en';
  const title =
    facts.withdrawnType && isNotifyingType(facts.withdrawnType)
      ? eventMessages[language][facts.withdrawnType].title
      : undefined;
  const when = facts.withdrawnAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(
        facts.withdrawnAt,
      )
    : undefined;
  if (language === 'es') {
    return {
      language,
      subject: `Corrección: caso ${facts.subjectRef}`,
      text: [
        `Hola, ${displayName}:`,
        '',
        `La agencia retiró un aviso que le enviamos sobre el caso ${facts.subjectRef}${title ? `: «${title}»` : ''}${when ? ` (${when} UTC)` : ''}.`,
        'Ese aviso era incorrecto. No refleja lo que ocurrió; puede ignorarlo.',
        '',
        'Sentimos la preocupación que haya podido causarle. Si tiene dudas, su defensor o defensora de víctimas puede confirmarle la situación actual.',
      ].join('\n'),
    };
  }
  return {
    language,
    subject: `Correction for case ${facts.subjectRef}`,
    text: [
      `Hello ${displayName},`,
      '',
      `The agency has withdrawn a notice we sent you about case ${facts.subjectRef}${title ? `: "${title}"` : ''}${when ? ` (${when} UTC)` : ''}.`,
      'That notice was wrong. It does not reflect what happened; please disregard it.',
      '',
      'We are sorry for any worry it caused. If you are unsure, your victim advocate can confirm where things stand now.',
    ].join('\n'),
  };
}
