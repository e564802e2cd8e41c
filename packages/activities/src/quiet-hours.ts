import { dateTimeFormat } from './date-formats';

/**
 * When a registrant's quiet hours end, if `now` falls inside them; undefined otherwise. Quiet hours
 * are local wall-clock times ("22:00"–"07:00" may wrap past midnight) in the registrant's time
 * zone. On the night clocks change the end may be an hour off, which errs on the side of quiet.
 */
export function quietHoursEnd(
  now: Date,
  timeZone: string,
  quietHours: { start: string; end: string } | undefined,
): Date | undefined {
  if (!quietHours) return undefined;
  const start = minutesOfDay(quietHours.start);
  const end = minutesOfDay(quietHours.end);
  if (start === end) return undefined;
  const local = localMinutes(now, timeZone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return undefined;
  const minutesLeft = (end - local + 1440) % 1440;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}

function minutesOfDay(clock: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!match) throw new Error(`quiet hours must be HH:MM, not ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function localMinutes(now: Date, timeZone: string): number {
  const parts = dateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return value('hour') * 60 + value('minute');
}
