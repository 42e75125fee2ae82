import { isObject } from '../json-file';
import type { JsonObject } from '../streams';
import { toRfc3339 } from '../time';

/** The subset of JSON Schema the generated stream schemas use. */
export interface SchemaNode {
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  description?: string;
}


function isIdOnly(schema: SchemaNode): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('string') && !types.includes('object');
}

/**
 * Converts a Stripe object to the stream's schema (a copy): every integer where the schema says
 * `format: date-time` becomes an RFC3339 string (unless `timestamps` is false), and an expanded object where
 * the schema has the id (Stripe expands some fields in places the tap did not ask for) becomes its id.
 * Everything else is kept as Stripe sent it (decimals stay strings, unknown fields stay).
 */
export function conformToSchema(value: unknown, schema: SchemaNode | undefined, timestamps = true): unknown {
  if (schema === undefined || value === null || value === undefined) return value;
  if (typeof value === 'number' && timestamps && schema.format === 'date-time') return toRfc3339(value);
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((item) => conformToSchema(item, items, timestamps)) : value;
  }
  if (isObject(value)) {
    if (isIdOnly(schema) && typeof value['id'] === 'string') return value['id'];
    const props = schema.properties;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    if (!props && !extra) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) out[key] = conformToSchema(child, props?.[key] ?? extra, timestamps);
    return out;
  }
  return value;
}

/** Keeps only the top-level properties not deselected in the catalog (Singer field selection). */
export function dropFields(record: JsonObject, deselected: ReadonlySet<string>): JsonObject {
  if (deselected.size === 0) return record;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) if (!deselected.has(key)) out[key] = value;
  return out;
}
