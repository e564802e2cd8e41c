import { confirmWithLink } from '@switchboard/coordination';
import { MAX_STATEMENT_CHARACTERS, submitImpactStatement } from '@switchboard/parole';
import { escapeHtml, page, readBody } from './html';
import type { ApiContext } from './trpc';

/** The largest statement form the hub reads: the words, form-encoded (up to 4 bytes a character), and a margin. */
export const MAX_STATEMENT_BODY_BYTES = 4 * MAX_STATEMENT_CHARACTERS + 1024;

const EXPIRED = '<p>This link is not valid or has expired. If you need help, call your advocate.</p>';

/**
 * GET shows a button and changes nothing, because mail scanners open links in messages; only the
 * registrant's POST confirms. The answers say nothing about who the notice was for.
 */
export function confirmationForm(): Response {
  return page(
    200,
    `<form method="post"><p>Press the button to tell us you received the urgent notice. We will stop repeating it.</p>
<button type="submit">I got this</button></form>`,
  );
}

export async function confirmNotice(ctx: ApiContext, token: string): Promise<Response> {
  const outcome = await confirmWithLink(ctx, token);
  if (outcome === 'confirmed') return page(200, '<p>Thank you. We have stopped repeating this notice.</p>');
  if (outcome === 'already-closed')
    return page(200, '<p>Thank you. This notice needs nothing more from you.</p>');
  return page(404, EXPIRED);
}

function statementForm(words = '', note = ''): string {
  return `${note}<form method="post"><p><label for="statement">Your statement to the parole board. Write as much or as little as you want; you do not have to write anything.</label></p>
<textarea id="statement" name="statement" rows="20" cols="80" maxlength="${MAX_STATEMENT_CHARACTERS}">${escapeHtml(words)}</textarea>
<p><button type="submit">Send my statement</button></p></form>`;
}

/** A victim's impact statement for a parole review: GET shows a form and changes nothing. */
export function statementPage(): Response {
  return page(200, statementForm());
}

/** POST submits it; a refused statement is shown back in the form, so nothing written is lost. */
export async function submitStatement(ctx: ApiContext, req: Request, token: string): Promise<Response> {
  const { text } = await readBody(req, MAX_STATEMENT_BODY_BYTES);
  if (text === undefined)
    return page(413, `<p>The statement is too long: at most ${MAX_STATEMENT_CHARACTERS} characters.</p>`);
  const words = new URLSearchParams(text).get('statement') ?? '';
  const result = await submitImpactStatement(ctx, token, words);
  switch (result.outcome) {
    case 'accepted':
      return page(
        200,
        `<p>Thank you. The board will have your statement. You can send a new one, which replaces it, until ${escapeHtml(result.deadline)}.</p>`,
      );
    case 'invalid':
      return page(422, statementForm(words, `<p>Not sent: ${escapeHtml(result.reason)}.</p>`));
    case 'closed':
      return page(
        409,
        statementForm(
          words,
          `<p>Not sent: ${escapeHtml(result.reason)}. Your words are below; your victim advocate can tell you how else the board may hear you.</p>`,
        ),
      );
    default:
      return page(404, EXPIRED);
  }
}
