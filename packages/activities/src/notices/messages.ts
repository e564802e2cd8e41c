import { IntlMessageFormat } from 'intl-messageformat';
import { type NoticeLanguage, noticeLanguages } from './event-messages';

/**
 * Every sentence a registrant receives besides the event notices themselves (event-messages.ts):
 * greetings and closings, codes, reminders, corrections, urgent requests, parole and consent
 * notices, the words of texts and calls. ICU MessageFormat; `es` is typed by `en`'s ids, so a
 * sentence missing in one language does not compile.
 */
const en = {
  greeting: 'Hello {name},',
  'closing.safety': 'If you feel unsafe, call 911. Your victim advocate can help you plan for your safety.',
  'closing.support':
    'This may bring up a lot. If you would like to talk about it, your victim advocate is there for you.',
  'closing.questions': 'If you have questions about what this means for you, your victim advocate can help.',
  'closing.help': 'Help and support (hotlines, counselling, compensation): {url}',
  'closing.stop': 'You can pause or stop these notices at any time.',
  'closing.agency': 'Questions about this notice: {agency}, {line}.',
  'closing.crisis': 'To talk to someone now, day or night: {name}, {phone}.',
  'notice.subject': 'Notice for case {caseRef}',
  'notice.subject.release': 'Release notice for case {caseRef}',
  'notice.headline': '{title} (case {caseRef}).',

  'code.subject': 'Your Switchboard code: {code}',
  'code.body': 'Your code to confirm this address is {code}. It expires in 15 minutes.',
  'code.ignore': 'If you did not ask to register, you can ignore this message: nothing else will be sent.',
  'code.text': 'Your Switchboard code is {code}. It expires in 15 minutes.',
  'code.call': 'This is Switchboard. Your code is {digits}.',

  'reminder.soon': '{days, plural, =0 {soon} one {in # day} other {in # days}}',
  'reminder.subject': 'Reminder: hearing {soon} (case {caseRef})',
  'reminder.body':
    'A reminder that there is a hearing in case {caseRef} {soon}: {when}{has_where, select, yes {, at {where}} other {}}.',
  'reminder.attend':
    'You do not have to attend. If you want to be there or to be heard, your victim advocate can go with you.',
  'reminder.changes': 'If the date changes, we will tell you.',

  'correction.subject': 'Correction for case {caseRef}',
  'correction.body':
    'The agency has withdrawn a notice we sent you about case {caseRef}{has_title, select, yes {: "{title}"} other {}}{has_when, select, yes { ({when})} other {}}.',
  'correction.wrong': 'That notice was wrong. It does not reflect what happened; please disregard it.',
  'correction.sorry':
    'We are sorry for any worry it caused. If you are unsure, your victim advocate can confirm where things stand now.',

  'urgent.subject': '{again, select, yes {Urgent reminder} other {Urgent}}: {subject}',
  'urgent.ask': 'Please confirm you received this by opening this link and pressing "I got this":',
  'urgent.until':
    'Until you confirm, we will tell you again on the schedule you chose; if nobody confirms, we will ask your advocate and our coordinators to reach you.',
  'urgent.pin': 'Or reply {pin} to confirm.',
  'urgent.call.prompt': 'To tell us you heard this, enter your Switchboard PIN, then press the pound key.',
  'urgent.call.noInput':
    'We did not get your PIN, so we will call again. You can also confirm with the link in your other messages.',

  'brief.subject': '{urgent, select, yes {Switchboard: an urgent update} other {Switchboard: an update}}',
  'brief.body':
    '{urgent, select, yes {There is an urgent update for you.} other {There is an update for you.}}',
  'brief.signIn': 'Sign in to read it{urgent, select, yes { and tell us you got it} other {}}: {url}',

  'text.readInFull': 'Read it in full:',
  'text.confirm': 'Tell us you got it:',

  'parole.subject': 'Parole review scheduled: case {caseRef}',
  'parole.body':
    'A parole review has been scheduled in case {caseRef}: {review}{has_board, select, yes {, before {board}} other {}}.',
  'parole.invite':
    'If you wish, you can tell the board how the crime has affected you. You can write your statement here until {deadline}:',
  'parole.noDuty': 'You do not have to. Your victim advocate can help you write it, or be with you.',
  'parole.willTell': 'We will tell you the decision.',
  'parole.reminder.subject': 'Reminder: your statement for the parole review (case {caseRef})',
  'parole.reminder.body':
    'If you want the board to read your statement in case {caseRef}, you can write it until {deadline}:',
  'parole.reminder.only': 'You do not have to; this is the only reminder.',
  'parole.decision.subject': 'Parole decision: case {caseRef}',
  'parole.decision.body':
    'The parole board has decided in case {caseRef}: {decision, select, granted {parole was granted} denied {parole was denied} deferred {the decision was put off to a later review} other {parole was revoked}}.',
  'parole.decision.next': 'The next review will be by {next}. We will tell you.',
  'parole.decision.closing':
    'If you feel unsafe, call 911. Your victim advocate can explain what this means for you.',

  'consent.field':
    '{field, select, name {your name} language {your language} contact_channels {how to contact you} address {your address} case_status {the status of the case} impact_statement {your impact statement} safety_concerns {your safety concerns} service_needs {the services you need} other {{field}}}',
  'consent.subject': 'Your permission for {agency} ends on {date}',
  'consent.body': 'You allowed {agency} to see {fields} (case {caseRef}). That permission ends on {date}.',
  'consent.after': 'After that date we will share nothing more with them. You do not need to do anything.',
  'consent.renew': 'If you want them to keep access, you can renew it with your advocate or in the portal.',

  'escalation.advocate.subject': 'Unconfirmed urgent notice for {registrant}',
  'escalation.advocate.body':
    '{registrant}, whom you support, was sent an urgent notice {rounds, plural, one {once} other {# times}} and has not confirmed it.',
  'escalation.advocate.notice': 'The notice: {title} (case {caseRef}).',
  'escalation.advocate.ask':
    'Please try to reach them. When you have, our coordinators can mark the notice confirmed so the reminders stop.',
  'escalation.desk.subject': 'Escalation: {eventType} unconfirmed (registration {registrationId})',
  'escalation.desk.body':
    'An urgent notice ({eventType}, subject {caseRef}) was sent {rounds, plural, one {once} other {# times}} to registration {registrationId} and nobody confirmed it.',
  'escalation.desk.workflow': 'Temporal workflow: {workflowId}',
  'escalation.desk.confirm':
    'When the registrant has been reached: switchboard notification confirm <workflow id>',
  'escalation.desk.stop': 'To end it without confirmation:       switchboard notification stop <workflow id>',
} as const;

type MessageId = keyof typeof en;

const es: Record<MessageId, string> = {
  greeting: 'Hola, {name}:',
  'closing.safety':
    'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede ayudarle a planificar su seguridad.',
  'closing.support':
    'Esta noticia puede remover muchas cosas. Si desea hablar de ello, su defensor o defensora de víctimas está a su disposición.',
  'closing.questions':
    'Si tiene preguntas sobre lo que esto significa para usted, su defensor o defensora de víctimas puede ayudarle.',
  'closing.help': 'Ayuda y apoyo (líneas de ayuda, apoyo emocional, compensación): {url}',
  'closing.stop': 'Puede pausar o cancelar estos avisos en cualquier momento.',
  'closing.agency': 'Preguntas sobre este aviso: {agency}, {line}.',
  'closing.crisis': 'Para hablar con alguien ahora, de día o de noche: {name}, {phone}.',
  'notice.subject': 'Aviso: caso {caseRef}',
  'notice.subject.release': 'Aviso de liberación: caso {caseRef}',
  'notice.headline': '{title} (caso {caseRef}).',

  'code.subject': 'Su código de Switchboard: {code}',
  'code.body': 'Su código para confirmar esta dirección es {code}. Vence en 15 minutos.',
  'code.ignore': 'Si usted no pidió inscribirse, puede ignorar este mensaje: no recibirá nada más.',
  'code.text': 'Su código de Switchboard es {code}. Vence en 15 minutos.',
  'code.call': 'Este es Switchboard. Su código es {digits}.',

  'reminder.soon': '{days, plural, =0 {pronto} one {en # día} other {en # días}}',
  'reminder.subject': 'Recordatorio: audiencia {soon} (caso {caseRef})',
  'reminder.body':
    'Le recordamos que hay una audiencia del caso {caseRef} {soon}: {when}{has_where, select, yes {, en {where}} other {}}.',
  'reminder.attend':
    'No tiene que asistir. Si desea asistir o ser escuchado/a, su defensor o defensora de víctimas puede acompañarle.',
  'reminder.changes': 'Si la fecha cambia, le avisaremos.',

  'correction.subject': 'Corrección: caso {caseRef}',
  'correction.body':
    'La agencia retiró un aviso que le enviamos sobre el caso {caseRef}{has_title, select, yes {: «{title}»} other {}}{has_when, select, yes { ({when})} other {}}.',
  'correction.wrong': 'Ese aviso era incorrecto. No refleja lo que ocurrió; puede ignorarlo.',
  'correction.sorry':
    'Sentimos la preocupación que haya podido causarle. Si tiene dudas, su defensor o defensora de víctimas puede confirmarle la situación actual.',

  'urgent.subject': '{again, select, yes {Recordatorio urgente} other {Urgente}}: {subject}',
  'urgent.ask': 'Por favor, confirme que recibió este aviso abriendo este enlace y pulsando «Lo recibí»:',
  'urgent.until':
    'Hasta que lo confirme, volveremos a avisarle según el horario que eligió; si nadie confirma, avisaremos a su defensor o defensora y a nuestro equipo de coordinación.',
  'urgent.pin': 'O responda {pin} para confirmar.',
  'urgent.call.prompt':
    'Para decirnos que escuchó este mensaje, marque su PIN de Switchboard y luego la tecla de numeral.',
  'urgent.call.noInput':
    'No recibimos su PIN, así que volveremos a llamar. También puede confirmar con el enlace de sus otros mensajes.',

  'brief.subject':
    '{urgent, select, yes {Switchboard: una novedad urgente} other {Switchboard: una novedad}}',
  'brief.body':
    '{urgent, select, yes {Hay una novedad urgente para usted.} other {Hay una novedad para usted.}}',
  'brief.signIn':
    'Inicie sesión para leerla{urgent, select, yes { y decirnos que la recibió} other {}}: {url}',

  'text.readInFull': 'Léalo completo:',
  'text.confirm': 'Díganos que lo recibió:',

  'parole.subject': 'Revisión de libertad condicional: caso {caseRef}',
  'parole.body':
    'Se ha programado una revisión de libertad condicional en el caso {caseRef}: {review}{has_board, select, yes {, ante {board}} other {}}.',
  'parole.invite':
    'Si lo desea, puede contarle a la junta cómo le ha afectado el delito. Puede escribir su declaración aquí hasta el {deadline}:',
  'parole.noDuty':
    'No tiene que hacerlo. Su defensor o defensora de víctimas puede ayudarle a escribirla o acompañarle.',
  'parole.willTell': 'Le avisaremos de la decisión.',
  'parole.reminder.subject':
    'Recordatorio: declaración para la revisión de libertad condicional (caso {caseRef})',
  'parole.reminder.body':
    'Si desea que la junta lea su declaración en el caso {caseRef}, puede escribirla hasta el {deadline}:',
  'parole.reminder.only': 'No tiene que hacerlo; este es el único recordatorio.',
  'parole.decision.subject': 'Decisión de libertad condicional: caso {caseRef}',
  'parole.decision.body':
    'La junta de libertad condicional ha decidido en el caso {caseRef}: {decision, select, granted {se concedió la libertad condicional} denied {se negó la libertad condicional} deferred {la decisión se aplazó a una revisión posterior} other {se revocó la libertad condicional}}.',
  'parole.decision.next': 'La próxima revisión será, a más tardar, el {next}. Le avisaremos.',
  'parole.decision.closing':
    'Si se siente en peligro, llame al 911. Su defensor o defensora de víctimas puede explicarle qué significa.',

  'consent.field':
    '{field, select, name {su nombre} language {su idioma} contact_channels {cómo contactarle} address {su dirección} case_status {el estado del caso} impact_statement {su declaración de impacto} safety_concerns {sus preocupaciones de seguridad} service_needs {los servicios que necesita} other {{field}}}',
  'consent.subject': 'Su permiso para {agency} termina el {date}',
  'consent.body':
    'Usted permitió que {agency} viera {fields} (caso {caseRef}). Ese permiso termina el {date}.',
  'consent.after': 'Después de esa fecha no compartiremos nada más con ellos. No tiene que hacer nada.',
  'consent.renew': 'Si quiere que sigan teniendo acceso, puede renovarlo con su defensor o en el portal.',

  'escalation.advocate.subject': 'Aviso urgente sin confirmar para {registrant}',
  'escalation.advocate.body':
    '{registrant}, a quien usted apoya, recibió un aviso urgente {rounds, plural, one {una vez} other {# veces}} y no lo ha confirmado.',
  'escalation.advocate.notice': 'El aviso: {title} (caso {caseRef}).',
  'escalation.advocate.ask':
    'Por favor, intente comunicarse con esta persona. Cuando lo haya hecho, nuestro equipo de coordinación puede marcar el aviso como confirmado para que cesen los recordatorios.',
  'escalation.desk.subject': 'Escalamiento: {eventType} sin confirmar (inscripción {registrationId})',
  'escalation.desk.body':
    'Un aviso urgente ({eventType}, sujeto {caseRef}) se envió {rounds, plural, one {una vez} other {# veces}} a la inscripción {registrationId} y nadie lo confirmó.',
  'escalation.desk.workflow': 'Flujo de Temporal: {workflowId}',
  'escalation.desk.confirm':
    'Cuando se haya contactado a la persona: switchboard notification confirm <workflow id>',
  'escalation.desk.stop':
    'Para terminarlo sin confirmación:       switchboard notification stop <workflow id>',
};

const zhHant: Record<MessageId, string> = {
  greeting: '{name}，您好：',
  'closing.safety': '如果您感到不安全，請撥打 911。您的被害人權益倡導員可以協助您規劃安全。',
  'closing.support': '這個消息可能讓您百感交集。如果您想談談，您的被害人權益倡導員隨時可以陪伴您。',
  'closing.questions': '如果您想了解這對您有什麼影響，您的被害人權益倡導員可以協助您。',
  'closing.help': '協助與支援（熱線、心理輔導、補償）：{url}',
  'closing.stop': '您可以隨時暫停或停止接收這些通知。',
  'closing.agency': '對這則通知有疑問：{agency}，{line}。',
  'closing.crisis': '如需立即與人交談（全天候）：{name}，{phone}。',
  'notice.subject': '案件 {caseRef} 的通知',
  'notice.subject.release': '案件 {caseRef} 的釋放通知',
  'notice.headline': '{title}（案件 {caseRef}）。',

  'code.subject': '您的 Switchboard 驗證碼：{code}',
  'code.body': '您用來確認此地址的驗證碼是 {code}，15 分鐘內有效。',
  'code.ignore': '如果您沒有申請登記，可以忽略這則訊息：我們不會再寄送任何內容。',
  'code.text': '您的 Switchboard 驗證碼是 {code}，15 分鐘內有效。',
  'code.call': '這裡是 Switchboard。您的驗證碼是 {digits}。',

  'reminder.soon': '{days, plural, =0 {即將} other {# 天後}}',
  'reminder.subject': '提醒：{soon}有聽證（案件 {caseRef}）',
  'reminder.body':
    '提醒您，案件 {caseRef} {soon}有一場聽證：{when}{has_where, select, yes {，地點在 {where}} other {}}。',
  'reminder.attend': '您不必出席。如果您想出席或發言，您的被害人權益倡導員可以陪同您。',
  'reminder.changes': '如果日期變更，我們會通知您。',

  'correction.subject': '案件 {caseRef} 的更正',
  'correction.body':
    '相關機構已撤回我們寄給您的一則關於案件 {caseRef} 的通知{has_title, select, yes {：「{title}」} other {}}{has_when, select, yes {（{when}）} other {}}。',
  'correction.wrong': '那則通知有誤，並不反映實際發生的事；請不要理會。',
  'correction.sorry': '很抱歉造成您的擔憂。如果您不確定，您的被害人權益倡導員可以向您確認目前的情況。',

  'urgent.subject': '{again, select, yes {緊急提醒} other {緊急}}：{subject}',
  'urgent.ask': '請打開此連結並按下「我收到了」，確認您已收到這則通知：',
  'urgent.until':
    '在您確認之前，我們會按照您選擇的時間再次通知您；如果沒有人確認，我們會請您的倡導員和我們的協調人員設法聯絡您。',
  'urgent.pin': '或回覆 {pin} 以確認。',
  'urgent.call.prompt': '如果您已聽到這則訊息，請輸入您的 Switchboard PIN 碼，然後按井字鍵。',
  'urgent.call.noInput': '我們沒有收到您的 PIN 碼，所以會再打來。您也可以用其他訊息中的連結確認。',

  'brief.subject': '{urgent, select, yes {Switchboard：一則緊急更新} other {Switchboard：一則更新}}',
  'brief.body': '{urgent, select, yes {您有一則緊急更新。} other {您有一則更新。}}',
  'brief.signIn': '請登入查看{urgent, select, yes {並告訴我們您已收到} other {}}：{url}',

  'text.readInFull': '查看完整內容：',
  'text.confirm': '請告訴我們您已收到：',

  'parole.subject': '已排定假釋審查：案件 {caseRef}',
  'parole.body':
    '案件 {caseRef} 已排定假釋審查：{review}{has_board, select, yes {，由 {board} 審查} other {}}。',
  'parole.invite': '如果您願意，可以告訴委員會這起犯罪對您造成的影響。您可以在 {deadline} 之前在此撰寫陳述：',
  'parole.noDuty': '您不必這樣做。您的被害人權益倡導員可以協助您撰寫或陪伴您。',
  'parole.willTell': '我們會通知您審查的決定。',
  'parole.reminder.subject': '提醒：假釋審查的陳述（案件 {caseRef}）',
  'parole.reminder.body': '如果您希望委員會閱讀您在案件 {caseRef} 的陳述，您可以在 {deadline} 之前撰寫：',
  'parole.reminder.only': '您不必這樣做；這是唯一的一次提醒。',
  'parole.decision.subject': '假釋決定：案件 {caseRef}',
  'parole.decision.body':
    '假釋委員會已就案件 {caseRef} 作出決定：{decision, select, granted {准予假釋} denied {拒絕假釋} deferred {決定延至之後的審查} other {撤銷假釋}}。',
  'parole.decision.next': '下一次審查將在 {next} 之前舉行。我們會通知您。',
  'parole.decision.closing': '如果您感到不安全，請撥打 911。您的被害人權益倡導員可以向您說明這代表什麼。',

  'consent.field':
    '{field, select, name {您的姓名} language {您的語言} contact_channels {聯絡您的方式} address {您的地址} case_status {案件狀態} impact_statement {您的影響陳述} safety_concerns {您的安全顧慮} service_needs {您需要的服務} other {{field}}}',
  'consent.subject': '您給 {agency} 的許可將於 {date} 結束',
  'consent.body': '您曾允許 {agency} 查看{fields}（案件 {caseRef}）。此許可將於 {date} 結束。',
  'consent.after': '該日期之後，我們不會再與他們分享任何資料。您不需要做任何事。',
  'consent.renew': '如果您希望他們繼續查看，可以透過您的倡導員或在入口網站續期。',

  'escalation.advocate.subject': '{registrant} 尚未確認的緊急通知',
  'escalation.advocate.body': '您協助的 {registrant} 已收到緊急通知 {rounds} 次，但尚未確認。',
  'escalation.advocate.notice': '通知內容：{title}（案件 {caseRef}）。',
  'escalation.advocate.ask':
    '請設法聯絡此人。聯絡上之後，我們的協調人員可以將通知標示為已確認，提醒就會停止。',
  'escalation.desk.subject': '升級處理：{eventType} 未確認（登記 {registrationId}）',
  'escalation.desk.body':
    '一則緊急通知（{eventType}，對象 {caseRef}）已寄給登記 {registrationId} {rounds} 次，沒有人確認。',
  'escalation.desk.workflow': 'Temporal 工作流程：{workflowId}',
  'escalation.desk.confirm': '聯絡上登記人之後：switchboard notification confirm <workflow id>',
  'escalation.desk.stop': '不經確認即結束：        switchboard notification stop <workflow id>',
};

const catalogue: Record<NoticeLanguage, Record<MessageId, string>> = { en, es, 'zh-Hant': zhHant };
const compiled = new Map<string, IntlMessageFormat>();

/** One sentence in the registrant's language. */
export function say(
  language: NoticeLanguage,
  id: MessageId,
  args: Record<string, string | number> = {},
): string {
  const key = `${language}|${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(catalogue[language][id], language, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return String(format.format(args));
}

/** The language a notice is written in: the registrant's, where we write it, else English. */
export function noticeLanguageOf(requested: string): NoticeLanguage {
  return (noticeLanguages as readonly string[]).includes(requested) ? (requested as NoticeLanguage) : 'en';
}

/** `yes` or `no`, for a message's optional parts. */
export const has = (value: unknown): 'yes' | 'no' =>
  value === undefined || value === null || value === '' ? 'no' : 'yes';
