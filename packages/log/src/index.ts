import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * One JSON line per event. Callers log identifiers only (agency, event id, registration id);
 * the redaction below is a second line of defence for field names that would carry personal data.
 */
export function createLogger(
  component: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  /** Where the lines go: standard output unless given (tests read them back). */
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['email', 'to', 'displayName', 'name', 'address', 'phone', '*.email', '*.to', '*.displayName'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
