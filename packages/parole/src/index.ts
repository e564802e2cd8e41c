export {
  audioTypeOf,
  MAX_AUDIO_BYTES,
  MAX_STATEMENT_CHARACTERS,
  type StatementOutcome,
  submitAudioStatementAsRegistrant,
  submitImpactStatement,
  submitImpactStatementAsRegistrant,
} from './impact-statement';
