import { binarySigningInput, signEvent } from '@switchboard/event-signature';
import type { SigningKey } from './signing-key-file';

/**
 * The Switchboard-Signature for a CloudEvent in binary content mode, as the CloudEvents SDK's
 * `HTTP.binary(event)` (or its emitter) makes it: over the `ce-*` headers, the content type and the
 * body together, so none of them can be changed on the way. Send the headers and body unchanged.
 */
export function signBinaryEvent(
  message: { headers: Record<string, string | string[] | undefined>; body: unknown },
  key: SigningKey,
): Promise<string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  const body =
    typeof message.body === 'string' || message.body instanceof Uint8Array
      ? message.body
      : JSON.stringify(message.body);
  return signEvent(binarySigningInput(headers, body), key);
}
