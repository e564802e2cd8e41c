import { type CaseEventType, catalogue } from '@switchboard/events';
import { IntlMessageFormat } from 'intl-messageformat';

/** The event types a registrant is told of: a message for each is required by the type below. */
export type NotifyingType = {
  [T in CaseEventType]: (typeof catalogue)[T]['notifies'] extends true ? T : never;
}[CaseEventType];

export const noticeLanguages = ['en', 'es'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

/**
 * One event type's words: `title`, the plain headline; `body`, an ICU MessageFormat sentence or two
 * saying what the event says. Every field of the event's data is an argument: times already in the
 * registrant's zone with the zone named, dates as dates, enums by value (`select`), and
 * `has_<field>` is `yes` or `no` for fields that may be left out.
 */
export interface EventWords {
  title: string;
  body: string;
}
type Catalogue = Record<NotifyingType, EventWords>;

const releaseReason = {
  en: `{reason, select, sentence_completed {the sentence was completed} bail {bail was posted} bond {a bond was posted} own_recognizance {release on own recognizance} parole {release on parole} probation {release on probation} court_order {a court order} charges_dropped {the charges were dropped} acquitted {an acquittal} transfer_to_other_jurisdiction {a transfer to another jurisdiction} other {another reason}}`,
  es: `{reason, select, sentence_completed {se cumplió la condena} bail {se pagó la fianza} bond {se depositó una fianza} own_recognizance {libertad bajo palabra} parole {libertad condicional} probation {libertad a prueba} court_order {una orden judicial} charges_dropped {se retiraron los cargos} acquitted {una absolución} transfer_to_other_jurisdiction {un traslado a otra jurisdicción} other {otro motivo}}`,
};
const hearingKind = {
  en: `{hearingType, select, arraignment {An arraignment} bail {A bail hearing} preliminary {A preliminary hearing} plea {A plea hearing} trial {The trial} sentencing {The sentencing} probation_violation {A probation violation hearing} restitution {A restitution hearing} status {A status conference} other {A hearing}}`,
  es: `{hearingType, select, arraignment {la lectura de cargos} bail {una audiencia de fianza} preliminary {una audiencia preliminar} plea {una audiencia de declaración} trial {el juicio} sentencing {la audiencia de sentencia} probation_violation {una audiencia por violación de la libertad a prueba} restitution {una audiencia de restitución} status {una audiencia de seguimiento} other {una audiencia}}`,
};
const room = {
  en: `{has_courtroom, select, yes {, {courtroom}} other {}}`,
  es: `{has_courtroom, select, yes {, {courtroom}} other {}}`,
};

export const eventMessages: Record<NoticeLanguage, Catalogue> = {
  en: {
    'custody.booked': {
      title: 'The person was booked into custody',
      body: `They were booked into {facility} on {bookedAt}.{has_charges, select, yes { Charges: {charges}.} other {}}`,
    },
    'custody.released': {
      title: 'The person was released from custody',
      body: `The person was released from {facility} on {releasedAt}. Reason: ${releaseReason.en}.{supervision, select, parole { They are on parole.} probation { They are on probation.} pretrial { They are supervised while they await trial.} other {}}`,
    },
    'custody.transferred': {
      title: 'The person was moved to another facility',
      body: 'The person was moved from {fromFacility} to {toFacility} on {transferredAt}.',
    },
    'custody.escaped': {
      title: 'The person has escaped from custody',
      body: 'They escaped from {facility} on {escapedAt}. If you see them, do not approach them.',
    },
    'custody.recaptured': {
      title: 'The person is back in custody',
      body: 'They were taken back into custody at {facility} on {recapturedAt}.',
    },
    'custody.deceased': {
      title: 'The person has died in custody',
      body: 'The death happened on {diedAt}{has_facility, select, yes {, at {facility}} other {}}.',
    },
    'custody.release_scheduled': {
      title: 'A release date has been set',
      body: `The release is planned for {scheduledFor}, from {facility}. Reason: ${releaseReason.en}.`,
    },
    'custody.temporary_release': {
      title: 'The person has been granted a temporary release',
      body: 'They will be out of {facility} from {startsAt} until {endsAt}, for {purpose, select, work {work} medical {medical care} furlough {a furlough} court {a court appearance} other {another reason}}.',
    },
    'court.hearing_scheduled': {
      title: 'A court hearing has been scheduled',
      body: `${hearingKind.en} is set for {scheduledFor}, at {court}${room.en}. {victimMayBeHeard, select, yes {You may speak at this hearing if you wish.} other {You may attend if you wish; you do not have to.}}`,
    },
    'court.hearing_rescheduled': {
      title: 'A court hearing has been moved',
      body: `The hearing set for {previouslyScheduledFor} will now be on {scheduledFor}, at {court}${room.en}.`,
    },
    'court.hearing_cancelled': {
      title: 'A court hearing has been cancelled',
      body: 'The hearing set for {previouslyScheduledFor} will not take place{removedFromCalendar, select, yes { (the court took it off its calendar)} other {}}. If a new date is set, we will tell you.',
    },
    'court.hearing_outcome': {
      title: 'A court hearing has taken place',
      body: 'Outcome: {outcome, select, held {the hearing was held} continued {the hearing was continued to a later date} plea_entered {a plea was entered} found_guilty {the person was found guilty} found_not_guilty {the person was found not guilty} mistrial {a mistrial was declared} other {see your victim advocate for details}}.',
    },
    'court.sentence_imposed': {
      title: 'A sentence has been imposed',
      body: '{court} imposed the sentence on {imposedAt}{has_custodyMonths, select, yes {: {custodyMonths, plural, one {# month} other {# months}} in custody} other {}}{has_probationMonths, select, yes {{has_custodyMonths, select, yes {, and } other {: }}{probationMonths, plural, one {# month} other {# months}} of probation} other {}}.',
    },
    'court.case_dismissed': {
      title: 'The case has been dismissed',
      body: '{court} dismissed the case on {dismissedAt}. {withPrejudice, select, yes {It cannot be brought again.} other {The charges could be brought again.}}',
    },
    'protective_order.issued': {
      title: 'A protective order has been issued',
      body: '{court} issued {orderType, select, emergency {an emergency} temporary {a temporary} other {a final}} protective order on {issuedAt}{has_expiresAt, select, yes {, in force until {expiresAt}} other {}}.{noContact, select, yes { It orders the person to have no contact with you.} other {}}',
    },
    'protective_order.served': {
      title: 'A protective order has been served',
      body: 'The order was served on the person on {servedAt}. From then on they must obey it.',
    },
    'protective_order.modified': {
      title: 'A protective order has been changed',
      body: 'The order was changed on {modifiedAt}.{has_expiresAt, select, yes { It is now in force until {expiresAt}.} other {}}{has_noContact, select, yes {{noContact, select, yes { It orders the person to have no contact with you.} other { It no longer orders the person to have no contact with you.}}} other {}}',
    },
    'protective_order.expired': {
      title: 'A protective order has expired',
      body: 'The order expired on {expiredAt}. If you still need protection, your victim advocate can help you ask the court for a new order.',
    },
    'parole.review_scheduled': {
      title: 'A parole review has been scheduled',
      body: 'The parole review by {board} is set for {scheduledFor}.{has_statementDeadline, select, yes { You may send a statement until {statementDeadline}.} other { You may send a statement.}}',
    },
    'parole.decision': {
      title: 'The parole board has made a decision',
      body: 'On {decidedAt} parole was {decision, select, granted {granted} denied {denied} deferred {deferred} other {revoked}}.{has_nextReviewBy, select, yes { The next review will be by {nextReviewBy}.} other {}}',
    },
    'supervision.started': {
      title: 'Supervision in the community has started',
      body: '{supervisionType, select, probation {Probation} parole {Parole} other {Supervision before trial}} started on {startedAt}, with {office}.{has_endsAt, select, yes { It is set to end on {endsAt}.} other {}}',
    },
    'supervision.violation': {
      title: 'A supervision violation has been reported',
      body: 'On {reportedAt} the supervising office reported {violationType, select, technical {a breach of the conditions} new_offense {a new offense} no_contact_breach {a breach of a no-contact condition} other {a violation}}.',
    },
    'supervision.absconded': {
      title: 'The person has stopped reporting to supervision',
      body: 'On {reportedAt} the supervising office reported that the person has stopped reporting; where they are is not known.',
    },
    'supervision.ended': {
      title: 'Supervision in the community has ended',
      body: 'Supervision ended on {endedAt}: {reason, select, completed {it was completed} revoked {it was revoked} transferred {it was transferred to another office} deceased {the person died} other {for another reason}}.',
    },
    'feed.retraction': {
      title: 'An earlier notice was wrong and has been withdrawn',
      body: 'Please disregard the earlier notice.',
    },
  },
  es: {
    'custody.booked': {
      title: 'La persona fue ingresada en custodia',
      body: 'Fue ingresada en {facility} el {bookedAt}.{has_charges, select, yes { Cargos: {charges}.} other {}}',
    },
    'custody.released': {
      title: 'La persona fue puesta en libertad',
      body: `La persona fue puesta en libertad de {facility} el {releasedAt}. Motivo: ${releaseReason.es}.{supervision, select, parole { Está en libertad condicional.} probation { Está en libertad a prueba.} pretrial { Está bajo supervisión mientras espera el juicio.} other {}}`,
    },
    'custody.transferred': {
      title: 'La persona fue trasladada a otro centro',
      body: 'Fue trasladada de {fromFacility} a {toFacility} el {transferredAt}.',
    },
    'custody.escaped': {
      title: 'La persona se ha fugado',
      body: 'Se fugó de {facility} el {escapedAt}. Si la ve, no se acerque.',
    },
    'custody.recaptured': {
      title: 'La persona está de nuevo en custodia',
      body: 'Volvió a quedar en custodia en {facility} el {recapturedAt}.',
    },
    'custody.deceased': {
      title: 'La persona falleció bajo custodia',
      body: 'Falleció el {diedAt}{has_facility, select, yes {, en {facility}} other {}}.',
    },
    'custody.release_scheduled': {
      title: 'Se fijó una fecha de liberación',
      body: `La liberación está prevista para el {scheduledFor}, de {facility}. Motivo: ${releaseReason.es}.`,
    },
    'custody.temporary_release': {
      title: 'La persona recibió una salida temporal',
      body: 'Estará fuera de {facility} desde el {startsAt} hasta el {endsAt}, por {purpose, select, work {trabajo} medical {atención médica} furlough {un permiso} court {una comparecencia ante el tribunal} other {otro motivo}}.',
    },
    'court.hearing_scheduled': {
      title: 'Se programó una audiencia',
      body: `Se fijó ${hearingKind.es} para el {scheduledFor}, en {court}${room.es}. {victimMayBeHeard, select, yes {Si lo desea, puede hablar en esta audiencia.} other {Puede asistir si lo desea; no está obligado/a.}}`,
    },
    'court.hearing_rescheduled': {
      title: 'Se ha cambiado la fecha de una audiencia',
      body: `La audiencia fijada para el {previouslyScheduledFor} será ahora el {scheduledFor}, en {court}${room.es}.`,
    },
    'court.hearing_cancelled': {
      title: 'Se canceló una audiencia',
      body: 'La audiencia fijada para el {previouslyScheduledFor} no se celebrará{removedFromCalendar, select, yes { (el tribunal la retiró de su calendario)} other {}}. Si se fija una nueva fecha, se lo diremos.',
    },
    'court.hearing_outcome': {
      title: 'Se celebró una audiencia',
      body: 'Resultado: {outcome, select, held {la audiencia se celebró} continued {la audiencia se aplazó a una fecha posterior} plea_entered {se presentó una declaración} found_guilty {la persona fue declarada culpable} found_not_guilty {la persona fue declarada no culpable} mistrial {se declaró nulo el juicio} other {su defensor o defensora de víctimas puede darle los detalles}}.',
    },
    'court.sentence_imposed': {
      title: 'Se dictó sentencia',
      body: '{court} dictó la sentencia el {imposedAt}{has_custodyMonths, select, yes {: {custodyMonths, plural, one {# mes} other {# meses}} de privación de libertad} other {}}{has_probationMonths, select, yes {{has_custodyMonths, select, yes { y } other {: }}{probationMonths, plural, one {# mes} other {# meses}} de libertad a prueba} other {}}.',
    },
    'court.case_dismissed': {
      title: 'Se desestimó el caso',
      body: '{court} desestimó el caso el {dismissedAt}. {withPrejudice, select, yes {No se puede volver a presentar.} other {Los cargos podrían volver a presentarse.}}',
    },
    'protective_order.issued': {
      title: 'Se emitió una orden de protección',
      body: '{court} emitió una orden de protección {orderType, select, emergency {de emergencia} temporary {temporal} other {definitiva}} el {issuedAt}{has_expiresAt, select, yes {, vigente hasta el {expiresAt}} other {}}.{noContact, select, yes { Ordena a la persona no tener ningún contacto con usted.} other {}}',
    },
    'protective_order.served': {
      title: 'Se notificó una orden de protección',
      body: 'La orden se notificó a la persona el {servedAt}. Desde entonces debe cumplirla.',
    },
    'protective_order.modified': {
      title: 'Se modificó una orden de protección',
      body: 'La orden se modificó el {modifiedAt}.{has_expiresAt, select, yes { Ahora está vigente hasta el {expiresAt}.} other {}}{has_noContact, select, yes {{noContact, select, yes { Ordena a la persona no tener ningún contacto con usted.} other { Ya no ordena a la persona evitar el contacto con usted.}}} other {}}',
    },
    'protective_order.expired': {
      title: 'Venció una orden de protección',
      body: 'La orden venció el {expiredAt}. Si aún necesita protección, su defensor o defensora de víctimas puede ayudarle a pedir una nueva orden al tribunal.',
    },
    'parole.review_scheduled': {
      title: 'Se programó una revisión de libertad condicional',
      body: 'La revisión de la libertad condicional ante {board} está fijada para el {scheduledFor}.{has_statementDeadline, select, yes { Puede enviar una declaración hasta el {statementDeadline}.} other { Puede enviar una declaración.}}',
    },
    'parole.decision': {
      title: 'La junta de libertad condicional tomó una decisión',
      body: 'El {decidedAt} la libertad condicional fue {decision, select, granted {concedida} denied {denegada} deferred {aplazada} other {revocada}}.{has_nextReviewBy, select, yes { La próxima revisión será a más tardar el {nextReviewBy}.} other {}}',
    },
    'supervision.started': {
      title: 'Comenzó la supervisión en la comunidad',
      body: '{supervisionType, select, probation {La libertad a prueba} parole {La libertad condicional} other {La supervisión previa al juicio}} comenzó el {startedAt}, con {office}.{has_endsAt, select, yes { Está previsto que termine el {endsAt}.} other {}}',
    },
    'supervision.violation': {
      title: 'Se informó de una violación de la supervisión',
      body: 'El {reportedAt} la oficina de supervisión informó de {violationType, select, technical {un incumplimiento de las condiciones} new_offense {un nuevo delito} no_contact_breach {un incumplimiento de la prohibición de contacto} other {una violación}}.',
    },
    'supervision.absconded': {
      title: 'La persona dejó de presentarse a la supervisión',
      body: 'El {reportedAt} la oficina de supervisión informó de que la persona dejó de presentarse y no se sabe dónde está.',
    },
    'supervision.ended': {
      title: 'Terminó la supervisión en la comunidad',
      body: 'La supervisión terminó el {endedAt}: {reason, select, completed {se cumplió} revoked {fue revocada} transferred {se trasladó a otra oficina} deceased {la persona falleció} other {por otro motivo}}.',
    },
    'feed.retraction': {
      title: 'Un aviso anterior era erróneo y se ha retirado',
      body: 'Por favor, no tenga en cuenta el aviso anterior.',
    },
  },
};

/** Spanish has no short names for US zones ("GMT-8"): the long name says which one. */
const zoneNameStyle: Record<NoticeLanguage, 'short' | 'long'> = { en: 'short', es: 'long' };

/**
 * A moment as the registrant reads it: in their zone, with the zone named. `compact` for texts,
 * where every character counts: the date without the weekday, the zone by its short name.
 */
export function momentIn(
  language: NoticeLanguage,
  at: Date | string,
  timeZone: string,
  compact = false,
): string {
  return new Intl.DateTimeFormat(
    language,
    compact
      ? { dateStyle: 'medium', timeStyle: 'short', timeZone }
      : {
          weekday: 'long',
          year: 'numeric',
          month: 'long',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZone,
          timeZoneName: zoneNameStyle[language],
        },
  )
    .format(new Date(at))
    .concat(compact ? ` ${shortZone(language, at, timeZone)}` : '');
}

/** The zone's short name at that moment (PST, PDT), the same in every language so a text stays short. */
function shortZone(_language: NoticeLanguage, at: Date | string, timeZone: string): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone
  );
}

const instantPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const datePattern = /^\d{4}-\d\d-\d\d$/;

/** Every field of the type's data as a message argument (see EventWords). */
function argumentsOf(
  type: NotifyingType,
  data: Record<string, unknown>,
  language: NoticeLanguage,
  timeZone: string,
  compact: boolean,
): Record<string, string | number> {
  const shape = (catalogue[type].versions[1] as unknown as { shape: Record<string, unknown> }).shape;
  const args: Record<string, string | number> = {};
  for (const field of Object.keys(shape)) {
    const value = data[field];
    const present = value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
    args[`has_${field}`] = present ? 'yes' : 'no';
    if (!present) args[field] = '';
    else if (typeof value === 'boolean') args[field] = value ? 'yes' : 'no';
    else if (typeof value === 'number') args[field] = value;
    else if (Array.isArray(value)) args[field] = value.map(String).join('; ');
    else if (typeof value === 'string' && instantPattern.test(value))
      args[field] = momentIn(language, value, timeZone, compact);
    else if (typeof value === 'string' && datePattern.test(value))
      args[field] = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${value}T00:00:00Z`),
      );
    else args[field] = String(value);
  }
  return args;
}

const compiled = new Map<string, IntlMessageFormat>();

/** The headline and the sentences an event's notice says, in the registrant's language and zone. */
export function eventWords(
  type: NotifyingType,
  data: Record<string, unknown>,
  language: NoticeLanguage,
  timeZone: string,
  compact = false,
): { title: string; body: string } {
  const words = eventMessages[language][type];
  const key = `${language}|${type}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(words.body, language, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return {
    title: words.title,
    body: String(format.format(argumentsOf(type, data, language, timeZone, compact))),
  };
}

export function isNotifyingType(type: string): type is NotifyingType {
  return type in eventMessages.en;
}
