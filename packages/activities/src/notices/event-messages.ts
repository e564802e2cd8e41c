import { type CaseEventType, catalogue } from '@switchboard/events';
import { IntlMessageFormat } from 'intl-messageformat';
import { dateTimeFormat } from '../date-formats';

/** The event types a registrant is told of: a message for each is required by the type below. */
export type NotifyingType = {
  [T in CaseEventType]: (typeof catalogue)[T]['notifies'] extends true ? T : never;
}[CaseEventType];

/**
 * English, Spanish, and Chinese in traditional characters: after Spanish, Chinese is the language
 * most spoken at home by US residents with limited English (American Community Survey), and US
 * courts' translated forms use traditional characters.
 */
export const noticeLanguages = ['en', 'es', 'zh-Hant'] as const;
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
  'zh-Hant': `{reason, select, sentence_completed {刑期已滿} bail {已交保釋金} bond {已交保證金} own_recognizance {具結釋放} parole {假釋} probation {緩刑} court_order {法院命令} charges_dropped {指控已撤銷} acquitted {無罪判決} transfer_to_other_jurisdiction {移交其他司法管轄區} other {其他原因}}`,
  es: `{reason, select, sentence_completed {se cumplió la condena} bail {se pagó la fianza} bond {se depositó una fianza} own_recognizance {libertad bajo palabra} parole {libertad condicional} probation {libertad a prueba} court_order {una orden judicial} charges_dropped {se retiraron los cargos} acquitted {una absolución} transfer_to_other_jurisdiction {un traslado a otra jurisdicción} other {otro motivo}}`,
};
const hearingKind = {
  en: `{hearingType, select, arraignment {An arraignment} bail {A bail hearing} preliminary {A preliminary hearing} plea {A plea hearing} trial {The trial} sentencing {The sentencing} probation_violation {A probation violation hearing} restitution {A restitution hearing} status {A status conference} other {A hearing}}`,
  'zh-Hant': `{hearingType, select, arraignment {提訊} bail {保釋聽證} preliminary {預審聽證} plea {認罪答辯聽證} trial {審判} sentencing {量刑聽證} probation_violation {違反緩刑規定聽證} restitution {賠償聽證} status {進度聽證} other {聽證}}`,
  es: `{hearingType, select, arraignment {la lectura de cargos} bail {una audiencia de fianza} preliminary {una audiencia preliminar} plea {una audiencia de declaración} trial {el juicio} sentencing {la audiencia de sentencia} probation_violation {una audiencia por violación de la libertad a prueba} restitution {una audiencia de restitución} status {una audiencia de seguimiento} other {una audiencia}}`,
};
const room = {
  en: `{has_courtroom, select, yes {, {courtroom}} other {}}`,
  es: `{has_courtroom, select, yes {, {courtroom}} other {}}`,
  'zh-Hant': `{has_courtroom, select, yes {，{courtroom}} other {}}`,
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
  'zh-Hant': {
    'custody.booked': {
      title: '該人已被收押',
      body: '該人於 {bookedAt} 被收押於 {facility}。{has_charges, select, yes {指控：{charges}。} other {}}',
    },
    'custody.released': {
      title: '該人已獲釋放',
      body: `該人已於 {releasedAt} 從 {facility} 獲釋。原因：${releaseReason['zh-Hant']}。{supervision, select, parole {該人目前處於假釋監督中。} probation {該人目前處於緩刑監督中。} pretrial {該人在等待審判期間受到監督。} other {}}`,
    },
    'custody.transferred': {
      title: '該人已被移送至其他機構',
      body: '該人已於 {transferredAt} 從 {fromFacility} 移送至 {toFacility}。',
    },
    'custody.escaped': {
      title: '該人已脫逃',
      body: '該人於 {escapedAt} 從 {facility} 脫逃。如果您看到此人，請勿接近。',
    },
    'custody.recaptured': {
      title: '該人已重新被收押',
      body: '該人已於 {recapturedAt} 在 {facility} 重新被收押。',
    },
    'custody.deceased': {
      title: '該人已在羈押期間死亡',
      body: '死亡時間為 {diedAt}{has_facility, select, yes {，地點為 {facility}} other {}}。',
    },
    'custody.release_scheduled': {
      title: '已確定釋放日期',
      body: `預定於 {scheduledFor} 從 {facility} 釋放。原因：${releaseReason['zh-Hant']}。`,
    },
    'custody.temporary_release': {
      title: '該人已獲准暫時外出',
      body: '該人將於 {startsAt} 至 {endsAt} 離開 {facility}，原因：{purpose, select, work {工作} medical {就醫} furlough {休假} court {出庭} other {其他原因}}。',
    },
    'court.hearing_scheduled': {
      title: '已排定法庭聽證',
      body: `${hearingKind['zh-Hant']}定於 {scheduledFor} 在 {court}${room['zh-Hant']}舉行。{victimMayBeHeard, select, yes {如果您願意，可以在此聽證中發言。} other {如果您願意，可以出席；您不必出席。}}`,
    },
    'court.hearing_rescheduled': {
      title: '法庭聽證已改期',
      body: `原定於 {previouslyScheduledFor} 的聽證改為 {scheduledFor}，地點在 {court}${room['zh-Hant']}。`,
    },
    'court.hearing_cancelled': {
      title: '法庭聽證已取消',
      body: '原定於 {previouslyScheduledFor} 的聽證不會舉行{removedFromCalendar, select, yes {（法院已將其從日程中移除）} other {}}。如果定出新日期，我們會通知您。',
    },
    'court.hearing_outcome': {
      title: '法庭聽證已舉行',
      body: '結果：{outcome, select, held {聽證已舉行} continued {聽證已延至較晚日期} plea_entered {已作出答辯} found_guilty {該人被判有罪} found_not_guilty {該人被判無罪} mistrial {已宣告審判無效} other {詳情請洽您的被害人權益倡導員}}。',
    },
    'court.sentence_imposed': {
      title: '已作出判決',
      body: '{court} 已於 {imposedAt} 宣判{has_custodyMonths, select, yes {：監禁 {custodyMonths} 個月} other {}}{has_probationMonths, select, yes {{has_custodyMonths, select, yes {，另加} other {：}}緩刑 {probationMonths} 個月} other {}}。',
    },
    'court.case_dismissed': {
      title: '案件已被駁回',
      body: '{court} 已於 {dismissedAt} 駁回此案。{withPrejudice, select, yes {此案不得再次提起。} other {指控日後仍可能再次提出。}}',
    },
    'protective_order.issued': {
      title: '已核發保護令',
      body: '{court} 已於 {issuedAt} 核發{orderType, select, emergency {緊急} temporary {暫時} other {正式}}保護令{has_expiresAt, select, yes {，有效期至 {expiresAt}} other {}}。{noContact, select, yes {保護令命令該人不得與您有任何接觸。} other {}}',
    },
    'protective_order.served': {
      title: '保護令已送達',
      body: '保護令已於 {servedAt} 送達該人。自此該人必須遵守。',
    },
    'protective_order.modified': {
      title: '保護令已變更',
      body: '保護令已於 {modifiedAt} 變更。{has_expiresAt, select, yes {現在有效期至 {expiresAt}。} other {}}{has_noContact, select, yes {{noContact, select, yes {保護令命令該人不得與您有任何接觸。} other {保護令不再禁止該人與您接觸。}}} other {}}',
    },
    'protective_order.expired': {
      title: '保護令已到期',
      body: '保護令已於 {expiredAt} 到期。如果您仍需要保護，您的被害人權益倡導員可以協助您向法院申請新的保護令。',
    },
    'parole.review_scheduled': {
      title: '已排定假釋審查',
      body: '{board} 的假釋審查定於 {scheduledFor} 舉行。{has_statementDeadline, select, yes {您可以在 {statementDeadline} 之前提交陳述。} other {您可以提交陳述。}}',
    },
    'parole.decision': {
      title: '假釋委員會已作出決定',
      body: '於 {decidedAt}，假釋{decision, select, granted {獲准} denied {被拒} deferred {延後決定} other {被撤銷}}。{has_nextReviewBy, select, yes {下一次審查將在 {nextReviewBy} 之前舉行。} other {}}',
    },
    'supervision.started': {
      title: '社區監督已開始',
      body: '{supervisionType, select, probation {緩刑} parole {假釋} other {審前監督}}已於 {startedAt} 開始，由 {office} 負責。{has_endsAt, select, yes {預定於 {endsAt} 結束。} other {}}',
    },
    'supervision.violation': {
      title: '已通報違反監督規定',
      body: '監督機關於 {reportedAt} 通報{violationType, select, technical {違反監督條件} new_offense {新的犯罪行為} no_contact_breach {違反禁止接觸條件} other {違規行為}}。',
    },
    'supervision.absconded': {
      title: '該人已停止向監督機關報到',
      body: '監督機關於 {reportedAt} 通報，該人已停止報到，目前下落不明。',
    },
    'supervision.ended': {
      title: '社區監督已結束',
      body: '監督已於 {endedAt} 結束：{reason, select, completed {已完成} revoked {已被撤銷} transferred {已移交其他機關} deceased {該人已死亡} other {其他原因}}。',
    },
    'feed.retraction': {
      title: '先前的通知有誤，已撤回',
      body: '請不要理會先前的通知。',
    },
  },
};

/** Spanish has no short names for US zones ("GMT-8"): the long name says which one. */
const zoneNameStyle: Record<NoticeLanguage, 'short' | 'long'> = {
  en: 'short',
  es: 'long',
  'zh-Hant': 'long',
};

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
  return dateTimeFormat(
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
    .concat(compact ? ` ${shortZone(at, timeZone)}` : '');
}

/** The zone's short name at that moment (PST, PDT), the same in every language so a text stays short. */
function shortZone(at: Date | string, timeZone: string): string {
  return (
    dateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
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
      args[field] = dateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
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
