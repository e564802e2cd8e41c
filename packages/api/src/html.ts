/** The hub's few pages: one plain, accessible shell, never cached. */
export function page(status: number, body: string, lang = 'en'): Response {
  return new Response(
    `<!doctype html><html lang="${escapeHtml(lang)}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Switchboard</title><body>${body}</body></html>`,
    { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The body as text, unless it passes `limit` bytes (the rest is then drained, not kept). */
export async function readBody(req: Request, limit: number): Promise<{ text?: string; bytes: number }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    }
  }
  return size > limit ? { bytes: size } : { text: Buffer.concat(chunks).toString('utf8'), bytes: size };
}
