/** Unix seconds ↔ RFC3339 (`2024-01-31T12:00:00Z`), the one conversion the tap uses everywhere. */
export function toRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC3339 with a zone (`Z` or `±hh:mm`) → unix seconds; NaN for anything else. */
export function toUnixSeconds(iso: string): number {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(iso)) return Number.NaN;
  return Math.floor(Date.parse(iso) / 1000);
}
