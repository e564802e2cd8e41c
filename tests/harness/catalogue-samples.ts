import {
  type CaseEventType,
  catalogueExamples,
  type EventData,
  RETRACTED_EXAMPLE,
} from '@switchboard/events';

/** The event id the `feed.retraction` sample withdraws; the round trip publishes it first. */
export const RETRACTED_SAMPLE = RETRACTED_EXAMPLE;

const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

/** One valid `data` per catalogue type (the catalogue's own examples), times from now. */
export const catalogueSamples = Object.fromEntries(
  Object.entries(catalogueExamples).map(([type, example]) => [
    type,
    {
      publisher: example.publisher,
      data: () => (example.data as (at: (m: number) => string) => unknown)(at),
    },
  ]),
) as { [T in CaseEventType]: { publisher: string; data: () => EventData<T> } };
