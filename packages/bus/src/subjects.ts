/**
 * Subject layout, under a configurable prefix (default `sb`):
 *   <prefix>.agency.<agencyId>.events    an agency publishes its case events here
 *   <prefix>.agency.<agencyId>.niem      or a NIEM XML exchange (booking, release, court event)
 *   <prefix>.agency.<agencyId>.receipts  the hub answers each event here: accepted, duplicate or rejected
 *   <prefix>.agency.<agencyId>.feed.case-events  other agencies' events, forwarded under a consent
 *   <prefix>.hub.agency-changed          the hub's own notice that an agency or its keys changed
 * Each agency's traffic stays under its own `<prefix>.agency.<agencyId>.>` so NATS permissions can
 * confine an agency to its own prefix.
 */
export interface BusNames {
  prefix: string;
  agencyEvents(agencyId: string): string;
  agencyReceipts(agencyId: string): string;
  /** Where an agency publishes a NIEM exchange; ingest reads it into a case event. */
  agencyNiem(agencyId: string): string;
  allAgencyNiem: string;
  /** NIEM messages carry personal data beside the identifiers: held only until ingest has read them. */
  niemInboxStream: string;
  niemConsumer: string;
  /** Where the hub forwards other agencies' case events to this agency, under a consent naming it. */
  agencyFeed(agencyId: string): string;
  allAgencyEvents: string;
  /** Core NATS notice that an agency's status or keys changed; ingest drops its cached copy. */
  agencyChanged: string;
  allAgencyReceipts: string;
  caseEventStream: string;
  receiptStream: string;
  feedStream: string;
  ingestConsumer: string;
  agencyFromSubject(subject: string): string | undefined;
}

export function busNames(prefix: string): BusNames {
  const upper = prefix.toUpperCase();
  return {
    prefix,
    agencyEvents: (agencyId) => `${prefix}.agency.${agencyId}.events`,
    agencyReceipts: (agencyId) => `${prefix}.agency.${agencyId}.receipts`,
    agencyNiem: (agencyId) => `${prefix}.agency.${agencyId}.niem`,
    allAgencyNiem: `${prefix}.agency.*.niem`,
    niemInboxStream: `${upper}_NIEM_INBOX`,
    niemConsumer: 'ingest-niem',
    agencyFeed: (agencyId) => `${prefix}.agency.${agencyId}.feed.case-events`,
    allAgencyEvents: `${prefix}.agency.*.events`,
    agencyChanged: `${prefix}.hub.agency-changed`,
    allAgencyReceipts: `${prefix}.agency.*.receipts`,
    caseEventStream: `${upper}_CASE_EVENTS`,
    receiptStream: `${upper}_RECEIPTS`,
    feedStream: `${upper}_FEEDS`,
    ingestConsumer: 'ingest',
    agencyFromSubject(subject) {
      const parts = subject.split('.');
      return parts.length === 4 && parts[0] === prefix && parts[1] === 'agency' ? parts[2] : undefined;
    },
  };
}
