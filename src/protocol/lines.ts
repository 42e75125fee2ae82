/**
 * The constant parts of RECORD lines, serialized once per stream: a record line is its prefix, the record's
 * JSON and a short suffix, and only the record is serialized per record. Both protocols build on this.
 */

/** The line prefix of a stream's records, made (with the stream name JSON-escaped) the first time it is needed. */
export function recordPrefix(cache: Map<string, string>, stream: string, make: (streamJson: string) => string): string {
  let prefix = cache.get(stream);
  if (prefix === undefined) cache.set(stream, (prefix = make(JSON.stringify(stream))));
  return prefix;
}

/** `Date.toISOString()` of the last time asked for, kept: the records of one page share their time. */
export class IsoTimes {
  private ms = Number.NaN;
  private text = '';

  iso(date: Date): string {
    const ms = date.getTime();
    if (ms !== this.ms) {
      this.ms = ms;
      this.text = date.toISOString();
    }
    return this.text;
  }
}
