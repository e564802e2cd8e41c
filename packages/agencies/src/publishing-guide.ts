import type { BusNames } from '@switchboard/bus';
import { SIGNATURE_HEADER } from '@switchboard/event-signature';
import { agencySource, type CaseEventType, catalogue } from '@switchboard/events';

/** Everything an agency's developers need to start publishing, printed once at onboarding. */
export function publishingGuide(options: {
  agencyId: string;
  kind: string;
  kid: string;
  names: BusNames;
  apiUrl: string;
  privateKeyFile?: string;
}): string {
  const types = (Object.keys(catalogue) as CaseEventType[]).filter((type) =>
    (catalogue[type].publishedBy as readonly string[]).includes(options.kind),
  );
  return [
    `Agency ${options.agencyId} (${options.kind}) can publish:`,
    `  CloudEvents source  ${agencySource(options.agencyId)}`,
    `  event types         ${types.join(', ')}`,
    `  signing key id      ${options.kid}${options.privateKeyFile ? ` (private key: ${options.privateKeyFile})` : ''}`,
    `  signature           detached JWS (EdDSA) of the exact body, in the ${SIGNATURE_HEADER} header`,
    `  over NATS           publish to ${options.names.agencyEvents(options.agencyId)}, read answers on ${options.names.agencyReceipts(options.agencyId)}`,
    `  over HTTP           POST ${options.apiUrl}/agencies/${options.agencyId}/events (structured, binary or batched CloudEvents)`,
    `  NIEM exchanges      POST ${options.apiUrl}/agencies/${options.agencyId}/niem, or NATS ${options.names.agencyNiem(options.agencyId)}`,
    `  event reference     ${options.apiUrl}/events/schema (docs/events.md)`,
    '  SDK                 packages/agency-sdk (README there)',
  ].join('\n');
}
