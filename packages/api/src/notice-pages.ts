import { confirmWithLink } from '@switchboard/coordination';
import { MAX_STATEMENT_CHARACTERS, submitImpactStatement } from '@switchboard/parole';
import { escapeHtml, page, readBody } from './html';
import type { ApiContext } from './trpc';

/** The largest statement form the hub reads: the words, form-encoded (up to 4 bytes a character), and a margin. */
export const MAX_STATEMENT_BODY_BYTES = 4 * MAX_STATEMENT_CHARACTERS + 1024;

/**
 * The pages a notice's links open, in the notice's language: the link carries it (`?lang=`), so the
 * page needs to know nothing about whom the notice was for.
 */
const words = {
  en: {
    expired: 'This link is not valid or has expired. If you need help, call your advocate.',
    confirmAsk: 'Press the button to tell us you received the urgent notice. We will stop repeating it.',
    confirmButton: 'I got this',
    confirmed: 'Thank you. We have stopped repeating this notice.',
    alreadyClosed: 'Thank you. This notice needs nothing more from you.',
    statementLabel:
      'Your statement to the parole board. Write as much or as little as you want; you do not have to write anything.',
    statementButton: 'Send my statement',
    statementTooLong: (max: number) => `The statement is too long: at most ${max} characters.`,
    statementAccepted: (deadline: string) =>
      `Thank you. The board will have your statement. You can send a new one, which replaces it, until ${deadline}.`,
    notSent: (reason: string) => `Not sent: ${reason}.`,
    closed: (reason: string) =>
      `Not sent: ${reason}. Your words are below; your victim advocate can tell you how else the board may hear you.`,
  },
  es: {
    expired: 'Este enlace no es válido o ha vencido. Si necesita ayuda, llame a su defensor o defensora.',
    confirmAsk: 'Pulse el botón para decirnos que recibió el aviso urgente. Dejaremos de repetirlo.',
    confirmButton: 'Lo recibí',
    confirmed: 'Gracias. Hemos dejado de repetir este aviso.',
    alreadyClosed: 'Gracias. Este aviso no necesita nada más de usted.',
    statementLabel:
      'Su declaración para la junta de libertad condicional. Escriba tanto o tan poco como quiera; no tiene que escribir nada.',
    statementButton: 'Enviar mi declaración',
    statementTooLong: (max: number) => `La declaración es demasiado larga: como máximo ${max} caracteres.`,
    statementAccepted: (deadline: string) =>
      `Gracias. La junta tendrá su declaración. Puede enviar una nueva, que la reemplaza, hasta el ${deadline}.`,
    notSent: (reason: string) => `No se envió: ${reason}.`,
    closed: (reason: string) =>
      `No se envió: ${reason}. Sus palabras están abajo; su defensor o defensora puede decirle de qué otra forma la junta puede escucharle.`,
  },
  'zh-Hant': {
    expired: '這個連結無效或已過期。如果您需要協助，請聯絡您的倡導員。',
    confirmAsk: '請按下按鈕，告訴我們您已收到這則緊急通知。我們會停止重複通知。',
    confirmButton: '我收到了',
    confirmed: '謝謝您。我們已停止重複這則通知。',
    alreadyClosed: '謝謝您。這則通知不需要您再做任何事。',
    statementLabel: '您給假釋委員會的陳述。想寫多少都可以；您也可以什麼都不寫。',
    statementButton: '送出我的陳述',
    statementTooLong: (max: number) => `陳述太長：最多 ${max} 個字元。`,
    statementAccepted: (deadline: string) =>
      `謝謝您。委員會將收到您的陳述。在 ${deadline} 之前，您可以送出新的陳述取代它。`,
    notSent: (reason: string) => `未送出：${reason}。`,
    closed: (reason: string) =>
      `未送出：${reason}。您寫的內容在下方；您的倡導員可以告訴您委員會還能透過什麼方式聽取您的意見。`,
  },
} as const;
export type PageLanguage = keyof typeof words;

/** The page's language from a link's `?lang=`; anything else is English. */
export function pageLanguage(url: string): PageLanguage {
  const lang = new URL(url).searchParams.get('lang') ?? '';
  return lang in words ? (lang as PageLanguage) : 'en';
}

/**
 * GET shows a button and changes nothing, because mail scanners open links in messages; only the
 * registrant's POST confirms. The answers say nothing about who the notice was for.
 */
export function confirmationForm(lang: PageLanguage): Response {
  const w = words[lang];
  return page(
    200,
    `<form method="post"><p>${w.confirmAsk}</p>\n<button type="submit">${w.confirmButton}</button></form>`,
    lang,
  );
}

export async function confirmNotice(ctx: ApiContext, token: string, lang: PageLanguage): Promise<Response> {
  const w = words[lang];
  const outcome = await confirmWithLink(ctx, token);
  if (outcome === 'confirmed') return page(200, `<p>${w.confirmed}</p>`, lang);
  if (outcome === 'already-closed') return page(200, `<p>${w.alreadyClosed}</p>`, lang);
  return page(404, `<p>${w.expired}</p>`, lang);
}

function statementForm(lang: PageLanguage, text = '', note = ''): string {
  const w = words[lang];
  return `${note}<form method="post"><p><label for="statement">${w.statementLabel}</label></p>
<textarea id="statement" name="statement" rows="20" cols="80" maxlength="${MAX_STATEMENT_CHARACTERS}">${escapeHtml(text)}</textarea>
<p><button type="submit">${w.statementButton}</button></p></form>`;
}

/** A victim's impact statement for a parole review: GET shows a form and changes nothing. */
export function statementPage(lang: PageLanguage): Response {
  return page(200, statementForm(lang), lang);
}

/** POST submits it; a refused statement is shown back in the form, so nothing written is lost. */
export async function submitStatement(
  ctx: ApiContext,
  req: Request,
  token: string,
  lang: PageLanguage,
): Promise<Response> {
  const w = words[lang];
  const { text } = await readBody(req, MAX_STATEMENT_BODY_BYTES);
  if (text === undefined) return page(413, `<p>${w.statementTooLong(MAX_STATEMENT_CHARACTERS)}</p>`, lang);
  const statement = new URLSearchParams(text).get('statement') ?? '';
  const result = await submitImpactStatement(ctx, token, statement);
  switch (result.outcome) {
    case 'accepted':
      return page(200, `<p>${w.statementAccepted(escapeHtml(result.deadline))}</p>`, lang);
    case 'invalid':
      return page(
        422,
        statementForm(lang, statement, `<p>${w.notSent(escapeHtml(result.reason))}</p>`),
        lang,
      );
    case 'closed':
      return page(409, statementForm(lang, statement, `<p>${w.closed(escapeHtml(result.reason))}</p>`), lang);
    default:
      return page(404, `<p>${w.expired}</p>`, lang);
  }
}
