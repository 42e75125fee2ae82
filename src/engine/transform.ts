import type { JsonObject } from '../streams';

/** The subset of JSON Schema the generated stream schemas use. */
export interface SchemaNode {
  type?: string | string[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
  description?: string;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unix seconds → RFC3339 (`2024-01-31T12:00:00Z`). */
export function unixToRfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Converts a Stripe object to the stream's schema, in place of a copy: every integer where the schema says
 * `format: date-time` becomes an RFC3339 string. Everything else is kept as Stripe sent it (decimals stay
 * strings, unknown fields stay).
 */
export function conformToSchema(value: unknown, schema: SchemaNode | undefined): unknown {
  if (schema === undefined || value === null || value === undefined) return value;
  if (typeof value === 'number' && schema.format === 'date-time') return unixToRfc3339(value);
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((item) => conformToSchema(item, items)) : value;
  }
  if (isPlainObject(value)) {
    const props = schema.properties;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    if (!props && !extra) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) out[key] = conformToSchema(child, props?.[key] ?? extra);
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
