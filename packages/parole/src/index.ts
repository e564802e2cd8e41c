export {
  MAX_STATEMENT_CHARACTERS,
  type StatementOutcome,
  submitImpactStatement,
  submitImpactStatementAsRegistrant,
} from './impact-statement';
