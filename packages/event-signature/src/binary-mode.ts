/**
 * CloudEvents' binary content mode puts the event's attributes in `ce-*` headers and only `data`
 * in the body, so a signature over the body alone would let anyone change the type, subject or id
 * of a signed event. In binary mode the detached signature covers this signing input instead:
 *
 *     ce-<attribute>:<value>\n   every ce-* header, name in lower case, sorted by name
 *     content-type:<value>\n     the body's content type, as sent
 *     \n
 *     <body bytes>
 *
 * Values are as sent (percent-encoding left as it is), trimmed of surrounding spaces. Sender and hub
 * both build it from the headers they see; a header added, dropped or changed on the way fails.
 */
export function binarySigningInput(
  headers: Iterable<[string, string]> | Record<string, string>,
  body: string | Uint8Array,
): Uint8Array {
  const entries =
    Symbol.iterator in Object(headers)
      ? [...(headers as Iterable<[string, string]>)]
      : Object.entries(headers as Record<string, string>);
  const lines = entries
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .filter(([name]) => name.startsWith('ce-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`);
  const contentType = entries.find(([name]) => name.toLowerCase() === 'content-type')?.[1].trim() ?? '';
  const head = new TextEncoder().encode(`${lines.join('')}content-type:${contentType}\n\n`);
  const tail = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const input = new Uint8Array(head.length + tail.length);
  input.set(head);
  input.set(tail, head.length);
  return input;
}

/** The headers of a binary-mode message that travel with it and that its signature covers. */
export function binaryModeHeaders(
  headers: Iterable<[string, string]> | Record<string, string>,
): Record<string, string> {
  const entries =
    Symbol.iterator in Object(headers)
      ? [...(headers as Iterable<[string, string]>)]
      : Object.entries(headers as Record<string, string>);
  return Object.fromEntries(
    entries
      .map(([name, value]) => [name.toLowerCase(), value] as const)
      .filter(([name]) => name.startsWith('ce-') || name === 'content-type'),
  );
}
