/** 9999-12-31T23:59:59.999Z + 1 ms: from there on `toISOString` writes a six-digit year. */
const AFTER_YEAR_9999 = 253_402_300_800_000;

let minuteStart = Number.NaN;
/** `YYYY-MM-DDTHH:MM:` of the minute starting at `minuteStart`. */
let minutePrefix = '';

/**
 * `date.toISOString()`, reusing the text up to the minute while it stays the same: the log writes a
 * time per row, and `toISOString` cost ~1.8 µs each, more than the rest of the row's COPY line
 * (docs/performance.md, eleventh pass). Dates before 1970 or after 9999 go to `toISOString`.
 */
export function isoTime(date: Date): string {
  const time = date.getTime();
  if (!(time >= 0 && time < AFTER_YEAR_9999)) return date.toISOString();
  let sinceMinute = time - minuteStart;
  if (!(sinceMinute >= 0 && sinceMinute < 60_000)) {
    minuteStart = time - (time % 60_000);
    minutePrefix = new Date(minuteStart).toISOString().slice(0, 17);
    sinceMinute = time - minuteStart;
  }
  const seconds = Math.floor(sinceMinute / 1000);
  const ms = sinceMinute % 1000;
  // Joined, not added: a flat string rather than a V8 cons string (see request-id.ts).
  return [minutePrefix, seconds < 10 ? '0' : '', seconds, ms < 10 ? '.00' : ms < 100 ? '.0' : '.', ms, 'Z'].join('');
}
