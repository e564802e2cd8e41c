/** Stable codes an agency can program against; the message is for the person reading it. */
export const rejectionCodes = [
  'unknown_agency',
  'agency_suspended',
  'missing_signature',
  'bad_signature',
  'unknown_key',
  'payload_too_large',
  'malformed_json',
  'invalid_envelope',
  'source_mismatch',
  'unknown_type',
  'unknown_version',
  'type_not_allowed',
  'invalid_data',
  'time_in_future',
  /** A NIEM exchange the hub cannot read into an event; `field` is the XML path. */
  'invalid_niem',
] as const;

export type RejectionCode = (typeof rejectionCodes)[number];

export interface Rejection {
  code: RejectionCode;
  message: string;
  /** Path of the offending field, e.g. `data.reason`: the first, when several are to blame. */
  field?: string;
  /** Every problem found, when there is more than one: fix them all before sending again. */
  problems?: { field?: string; message: string }[];
}

export class CaseEventRejected extends Error {
  override readonly name = 'CaseEventRejected';
  constructor(readonly rejection: Rejection) {
    super(`event rejected: ${rejection.message}`);
  }
}
