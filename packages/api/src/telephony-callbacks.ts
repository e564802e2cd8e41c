import { isProviderSignatureValid, spokenReply } from '@switchboard/channels';
import { confirmWithPin, confirmWithVoicePin } from '@switchboard/coordination';
import { answerTextKeyword, recordPhoneReceipt } from '@switchboard/registrations';
import { json, readBody } from './html';
import type { ApiContext } from './trpc';

const VOICE_WORDS = {
  en: {
    confirmed: 'Thank you. We will stop calling about this notice. Goodbye.',
    'already-closed': 'Thank you. This notice needs nothing more from you. Goodbye.',
    'not-valid':
      'That PIN is not right, so we will call again. You can also confirm with the link in your other messages. Goodbye.',
  },
  es: {
    confirmed: 'Gracias. Dejaremos de llamar por este aviso. Adiós.',
    'already-closed': 'Gracias. Este aviso no necesita nada más de usted. Adiós.',
    'not-valid':
      'Ese PIN no es correcto, así que volveremos a llamar. También puede confirmar con el enlace de sus otros mensajes. Adiós.',
  },
  'zh-Hant': {
    confirmed: '謝謝您。我們不會再為這則通知打電話給您。再見。',
    'already-closed': '謝謝您。這則通知不需要您再做任何事。再見。',
    'not-valid': '這個 PIN 碼不正確，所以我們會再打來。您也可以用其他訊息中的連結確認。再見。',
  },
} as const;

const xml = (body: string) => new Response(body, { status: 200, headers: { 'content-type': 'text/xml' } });

/**
 * The telephony provider's callbacks, signed with its auth token (X-Twilio-Signature): receipts for
 * texts and calls update the delivery row; a text reply carrying a PIN, or the registrant's own PIN
 * keyed in during a call, confirms urgent news. Unsigned calls change nothing.
 */
export async function telephonyCallback(ctx: ApiContext, req: Request): Promise<Response> {
  if (!ctx.sms) return json(404, { error: 'texts and calls are not configured on this hub' });
  const url = new URL(req.url);
  const { text } = await readBody(req, 64 * 1024);
  const params = new URLSearchParams(text ?? '');
  // Signed over the URL as the provider called it, query included, by whichever provider sent it.
  const signedBy = [ctx.sms.authToken, ctx.sms.fallbackAuthToken].filter((t): t is string => Boolean(t));
  if (
    !signedBy.some((token) =>
      isProviderSignatureValid(
        token,
        `${ctx.publicUrl}${url.pathname}${url.search}`,
        params,
        req.headers.get('x-twilio-signature') ?? undefined,
      ),
    )
  ) {
    return json(403, { error: 'bad or missing provider signature' });
  }
  const deliveryId = url.searchParams.get('delivery');
  if (url.pathname === '/providers/sms/status' || url.pathname === '/providers/voice/status') {
    const status = params.get('MessageStatus') ?? params.get('CallStatus');
    if (deliveryId && status) {
      await recordPhoneReceipt(ctx.db, deliveryId, status, params.get('ErrorCode') ?? undefined);
    }
    return new Response(null, { status: 204 });
  }
  if (url.pathname === '/providers/voice/gather') {
    const { outcome, language } = await confirmWithVoicePin(
      ctx,
      deliveryId ?? '',
      params.get('Digits') ?? '',
    );
    return xml(spokenReply(VOICE_WORDS[language][outcome], language));
  }
  // STOP, START and HELP first: a carrier expects them honoured whatever else the number is for.
  const answered = await answerTextKeyword(ctx, params.get('From') ?? '', params.get('Body') ?? '');
  if (answered !== undefined) return xml(textReply(answered));
  const outcome = await confirmWithPin(ctx, params.get('From') ?? '', params.get('Body') ?? '');
  const reply =
    outcome === 'confirmed'
      ? 'Thank you. We have stopped repeating this notice.'
      : outcome === 'already-closed'
        ? 'Thank you. This notice needs nothing more from you.'
        : 'That PIN is not valid. You can also confirm with the link in the message.';
  return xml(textReply(reply));
}

const textReply = (words: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(words)}</Message></Response>`;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
