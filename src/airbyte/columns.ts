/**
 * Column names that differ between the protocols. The engine marks deleted objects with Singer's
 * `_sdc_deleted_at`; Airbyte's destinations delete on `_ab_cdc_deleted_at` in deduped mode, so Airbyte mode
 * carries that name instead, in discover's json_schema as in RECORD data.
 */
const TO_AIRBYTE: Readonly<Record<string, string>> = { _sdc_deleted_at: '_ab_cdc_deleted_at' };
const FROM_AIRBYTE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_AIRBYTE).map(([a, b]) => [b, a]));

/** The object with its keys renamed to Airbyte's columns (the same object when none applies). */
export function toAirbyteColumns<T>(object: Record<string, T>): Record<string, T> {
  if (!Object.keys(TO_AIRBYTE).some((k) => k in object)) return object;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [TO_AIRBYTE[k] ?? k, v]));
}

/** The tap's name of an Airbyte column. */
export function fromAirbyteColumn(name: string): string {
  return FROM_AIRBYTE[name] ?? name;
}
