import { type Db, optBackInToTexts, optOutOfTexts, textLanguageOf } from '@switchboard/db';
import type { DataKeyring } from '@switchboard/sealing';

/**
 * The words carriers and regulators expect a text service to honour (CTIA): STOP and its kin end
 * texts, START brings them back, HELP says who we are and how to reach us. Spanish too, since
 * registrants read their notices in Spanish.
 */
const keywords = {
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'ALTO', 'PARAR', 'BAJA'],
  start: ['START', 'UNSTOP', 'YES', 'ALTA', 'INICIAR'],
  help: ['HELP', 'INFO', 'AYUDA'],
} as const;
export type TextKeyword = keyof typeof keywords;

/** The keyword a whole reply is, ignoring case, spaces and punctuation; undefined for anything else. */
export function textKeyword(body: string): TextKeyword | undefined {
  const word = body
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  for (const [keyword, words] of Object.entries(keywords) as [TextKeyword, readonly string[]][])
    if (words.includes(word)) return keyword;
  return undefined;
}

const replies = {
  en: {
    stop: 'Switchboard: you will get no more texts from us on this number. Your other ways of hearing from us go on. Reply START to get texts again.',
    start: 'Switchboard: texts to this number start again. Reply STOP to stop them.',
    help: (portal: string) =>
      `Switchboard victim notification. See or change your notices at ${portal}/ . Reply STOP to stop texts. If you are in danger, call 911.`,
    nobody: 'Switchboard: this number gets no texts from us.',
  },
  es: {
    stop: 'Switchboard: no le enviaremos más mensajes de texto a este número. Sus otras formas de recibir avisos siguen. Responda ALTA para volver a recibirlos.',
    start:
      'Switchboard: volvemos a enviar mensajes de texto a este número. Responda ALTO para dejar de recibirlos.',
    help: (portal: string) =>
      `Switchboard, avisos a víctimas. Vea o cambie sus avisos en ${portal}/ . Responda ALTO para no recibir más mensajes. Si está en peligro, llame al 911.`,
    nobody: 'Switchboard: este número no recibe mensajes nuestros.',
  },
  'zh-Hant': {
    stop: 'Switchboard：我們不會再傳簡訊到這個號碼。您其他接收通知的方式不受影響。回覆 START 可重新接收。',
    start: 'Switchboard：我們會重新傳簡訊到這個號碼。回覆 STOP 可停止接收。',
    help: (portal: string) =>
      `Switchboard 被害人通知服務。請在 ${portal}/ 查看或變更您的通知。回覆 STOP 停止接收簡訊。如果您有危險，請撥打 911。`,
    nobody: 'Switchboard：這個號碼不會收到我們的簡訊。',
  },
} as const;

const footers = {
  en: 'Reply STOP to stop texts, HELP for help.',
  es: 'Responda ALTO para no recibir más mensajes, AYUDA para ayuda.',
  'zh-Hant': '回覆 STOP 停止接收簡訊，回覆 HELP 取得協助。',
} as const;
const textLanguage = (language: string | undefined): keyof typeof replies =>
  language !== undefined && language in replies ? (language as keyof typeof replies) : 'en';

/** The footer every text carries: how to stop them and how to get help. */
export function textFooter(language: string): string {
  return footers[textLanguage(language)];
}

/**
 * A reply that is a keyword is answered here: STOP and START change whether this number gets texts
 * (every registration on it), HELP answers. Anything else is not ours (a confirmation PIN, say):
 * undefined. The answer names nobody and says nothing about any case.
 */
export async function answerTextKeyword(
  deps: { db: Db; keyring: DataKeyring; publicUrl: string },
  phone: string,
  body: string,
): Promise<string | undefined> {
  const keyword = textKeyword(body);
  if (!keyword) return undefined;
  const words = replies[textLanguage(await textLanguageOf(deps.db, deps.keyring, phone))];
  if (keyword === 'help') return words.help(deps.publicUrl);
  if (keyword === 'stop') {
    await optOutOfTexts(deps.db, deps.keyring, phone);
    return words.stop;
  }
  return (await optBackInToTexts(deps.db, deps.keyring, phone)) > 0 ? words.start : words.nobody;
}
