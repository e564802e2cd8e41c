export { MAX_STATEMENT_CHARACTERS, type StatementOutcome, submitImpactStatement } from './impact-statement';
