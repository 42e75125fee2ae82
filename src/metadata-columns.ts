/**
 * "Custom fields become columns": Stripe's `metadata` stays an object, and discover (with
 * `discover_metadata_keys`) may also declare each metadata key it sees as a string column `metadata_<key>`.
 * The catalog remembers which key feeds which column (field metadata `tap-stripe.metadata-key`), so a read
 * fills the columns from any catalog, edited or not.
 */
import type { SchemaNode } from './engine/transform';
import type { JsonObject } from './streams';

export const METADATA_KEY = 'tap-stripe.metadata-key';
const SAMPLE_SIZE = 100;

/** `Plan Tier` → `metadata_plan_tier`. */
export function columnName(key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `metadata_${slug || 'key'}`;
}

/** The metadata keys of sampled objects, in first-seen order. */
export function metadataKeys(objects: readonly JsonObject[]): string[] {
  const keys = new Set<string>();
  for (const object of objects.slice(0, SAMPLE_SIZE)) {
    const metadata = object['metadata'];
    if (typeof metadata === 'object' && metadata !== null) for (const key of Object.keys(metadata)) keys.add(key);
  }
  return [...keys];
}

/**
 * The columns for these keys that do not clash with the schema's own properties or with each other,
 * as column → metadata key.
 */
export function columnsFor(keys: readonly string[], schema: SchemaNode): Map<string, string> {
  const taken = new Set(Object.keys(schema.properties ?? {}));
  const columns = new Map<string, string>();
  for (const key of keys) {
    let column = columnName(key);
    for (let n = 2; taken.has(column); n += 1) column = `${columnName(key)}_${n}`;
    taken.add(column);
    columns.set(column, key);
  }
  return columns;
}

/** The schema with one nullable string property per metadata column. */
export function withColumns(schema: SchemaNode, columns: ReadonlyMap<string, string>): SchemaNode {
  if (columns.size === 0) return schema;
  const properties = { ...(schema.properties ?? {}) };
  for (const [column, key] of columns) {
    properties[column] = { type: ['string', 'null'], description: `Custom field: the value of metadata key "${key}".` };
  }
  return { ...schema, properties };
}

/** Fills the record's metadata columns in place (null where the object lacks the key); returns it. */
export function fillColumns(record: JsonObject, columns: ReadonlyMap<string, string>): JsonObject {
  if (columns.size === 0) return record;
  const metadata = (typeof record['metadata'] === 'object' && record['metadata'] !== null ? record['metadata'] : {}) as JsonObject;
  for (const [column, key] of columns) record[column] = typeof metadata[key] === 'string' ? metadata[key] : null;
  return record;
}
