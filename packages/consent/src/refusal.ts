/**
 * Why a token, an assertion or a read was refused. The reasons name what is wrong with what the
 * caller sent, never anything about a registrant, so no answer tells whether one exists.
 */
export type RefusalCode =
  | 'malformed'
  | 'too_large'
  | 'algorithm'
  | 'wrong_type'
  | 'embedded_key'
  | 'unknown_key'
  | 'bad_signature'
  | 'missing_claim'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'replayed'
  | 'lifetime'
  | 'not_in_force'
  | 'field_not_granted'
  | 'regime'
  | 'unauthenticated';

export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}
