/**
 * Rules that turn Stripe's OpenAPI component schemas into the tap's stream schemas (JSON Schema draft-07).
 * Pure functions: no I/O. The output only uses `type`, `properties`, `items`, `additionalProperties`,
 * `format` (`date-time`) and `description`; everything below the root is nullable.
 */
import type { StreamDef } from '../src/streams';
import { isObject as isRecord } from '../src/json-file';
import { includableProperties, requestedFields } from './includable';

/** An OpenAPI schema object, read loosely. */
export type OpenApiSchema = Record<string, unknown>;
export type Components = Record<string, OpenApiSchema>;

export interface JsonSchema {
  type?: string | string[];
  format?: 'date-time';
  description?: string;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

export interface Rules {
  readonly components: Components;
  /** How many nested component `$ref`s below the root are inlined; deeper ones become open objects. */
  readonly maxDepth: number;
  /** Expandable fields kept as objects, as dotted paths relative to the root (e.g. `customer`, `lines.data.price`). */
  readonly expandedFields: ReadonlySet<string>;
  /** Includable fields the stream requests (dotted paths relative to the root); others are left out (`includable.ts`). */
  readonly requestedFields?: ReadonlySet<string>;
}

/** Where the walk is: the components being inlined on this path, how deep, and the property path. */
interface Walk { readonly rules: Rules; readonly stack: readonly string[]; readonly depth: number; readonly path: string }

const REF_PREFIX = '#/components/schemas/';
const TYPE_ORDER = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];
export const INDEX_DESCRIPTION = 'Position of the item in its parent (0-based).';

/** The columns change capture adds to every stream but the snapshot (names as in src/engine/emit.ts). */
export const CHANGE_COLUMNS: Record<string, JsonSchema> = {
  updated: {
    type: ['string', 'null'], format: 'date-time',
    description: 'When this version of the object was current: the time of the Stripe event it was read for, or `created` (of the object, or of its parent) when it was read from history; the time of the read for full-table streams. A valid replication key: the newest version has the greatest value.',
  },
  _sdc_deleted_at: {
    type: ['string', 'null'], format: 'date-time',
    description: 'Set only on tombstones: when Stripe deleted the object (the time of its deletion event). Singer targets delete (or soft-delete) the row by its key.',
  },
};

export { isRecord };

function refName(schema: OpenApiSchema): string | undefined {
  const ref = schema['$ref'];
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

function component(name: string, rules: Rules): OpenApiSchema {
  const found = rules.components[name];
  if (!found) throw new Error(`schema component not found: ${name}`);
  return found;
}

function unionVariants(schema: OpenApiSchema): OpenApiSchema[] | undefined {
  const list = schema['anyOf'] ?? schema['oneOf'] ?? schema['allOf'];
  return Array.isArray(list) ? list.filter(isRecord) : undefined;
}

function isEmptyStringEnum(schema: OpenApiSchema): boolean {
  const values = schema['enum'];
  return Array.isArray(values) && values.length === 1 && values[0] === '';
}

/** `anyOf: [string, $ref…]` (usually with `x-expansionResources`): an id that `expand[]` turns into an object. */
function isExpandable(schema: OpenApiSchema, variants: OpenApiSchema[]): boolean {
  if (isRecord(schema['x-expansionResources'])) return true;
  return variants.some((v) => v['type'] === 'string') && variants.some((v) => refName(v) !== undefined);
}

function typesOf(schema: JsonSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

function typeValue(types: Iterable<string>): string | string[] {
  const sorted = [...new Set(types)].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
  return sorted.length === 1 && sorted[0] !== undefined ? sorted[0] : sorted;
}

/** Builds a schema with its keywords in one fixed order, leaving out the absent ones. */
function build(parts: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  if (parts.type !== undefined) out.type = parts.type;
  if (parts.format !== undefined) out.format = parts.format;
  if (parts.description) out.description = parts.description;
  if (parts.additionalProperties !== undefined) out.additionalProperties = parts.additionalProperties;
  if (parts.items !== undefined) out.items = parts.items;
  if (parts.properties !== undefined) out.properties = sortKeys(parts.properties);
  return out;
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function nullable(types: string[]): string | string[] {
  return typeValue([...types, 'null']);
}

/** An object left open where the walk stops (cycle or depth limit). */
function cut(name: string, description: string | undefined): JsonSchema {
  return build({
    type: nullable(['object']), additionalProperties: true,
    description: description || `A \`${name}\` object (not described further here: nested too deep or recursive).`,
  });
}

function descriptionOf(schema: OpenApiSchema): string | undefined {
  const text = schema['description'];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/** Union of two schemas: types are unioned, properties merged recursively. */
export function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const aTypes = typesOf(a);
  const bTypes = typesOf(b);
  const keepsFormat = (s: JsonSchema, other: string[]) => s.format !== undefined && !other.includes('string');
  const format = a.format === b.format || keepsFormat(a, bTypes) ? a.format : keepsFormat(b, aTypes) ? b.format : undefined;
  let properties: Record<string, JsonSchema> | undefined;
  if (a.properties || b.properties) {
    properties = { ...a.properties };
    for (const [key, value] of Object.entries(b.properties ?? {})) {
      const existing = properties[key];
      properties[key] = existing ? mergeSchemas(existing, value) : value;
    }
  }
  const ap = a.additionalProperties;
  const bp = b.additionalProperties;
  return build({
    type: aTypes.length || bTypes.length ? typeValue([...aTypes, ...bTypes]) : undefined,
    format,
    description: a.description || b.description,
    additionalProperties: ap === true || bp === true ? true : ap && bp ? mergeSchemas(ap, bp) : ap ?? bp,
    items: a.items && b.items ? mergeSchemas(a.items, b.items) : a.items ?? b.items,
    properties,
  });
}

function mergeAll(schemas: JsonSchema[]): JsonSchema {
  const [first, ...rest] = schemas;
  return rest.reduce(mergeSchemas, first ?? {});
}

function convert(schema: OpenApiSchema, walk: Walk): JsonSchema {
  const description = descriptionOf(schema);
  const name = refName(schema);
  if (name !== undefined) return inline(name, walk, description);
  const variants = unionVariants(schema);
  return variants ? convertUnion(variants, walk, description, schema) : convertTyped(schema, walk, description);
}

/** Inlines a component in place of a `$ref` (without the component's own description), unless it is cut. */
function inline(name: string, walk: Walk, description: string | undefined): JsonSchema {
  if (walk.stack.includes(name) || walk.depth >= walk.rules.maxDepth) return cut(name, description);
  const body = convert(component(name, walk.rules), { ...walk, stack: [...walk.stack, name], depth: walk.depth + 1 });
  return build({ ...body, description });
}

function convertUnion(variants: OpenApiSchema[], walk: Walk, description: string | undefined, schema: OpenApiSchema): JsonSchema {
  const kept = variants.filter((v) => !isEmptyStringEnum(v));
  if (isExpandable(schema, kept)) {
    if (!walk.rules.expandedFields.has(walk.path)) return build({ type: nullable(['string']), description });
    const resources = kept.map(refName).filter((n): n is string => n !== undefined);
    return mergeAll(resources.map((n) => inline(n, walk, description)));
  }
  const merged = mergeAll(kept.map((v) => convert(v, walk)));
  const types = kept.length === variants.length ? typesOf(merged) : [...typesOf(merged), 'string', 'null'];
  return build({ ...merged, type: types.length ? typeValue(types) : undefined, description: description ?? merged.description });
}

function convertTyped(schema: OpenApiSchema, walk: Walk, description: string | undefined): JsonSchema {
  const declared = schema['type'];
  const type = typeof declared === 'string' ? declared
    : isRecord(schema['properties']) ? 'object' : isRecord(schema['items']) ? 'array' : undefined;
  const items = schema['items'];
  switch (type) {
    case undefined: return build({ description });
    case 'object': return build({ type: nullable(['object']), description, ...objectParts(schema, walk) });
    case 'array': return build({ type: nullable(['array']), description, items: isRecord(items) ? convert(items, walk) : undefined });
    case 'integer': return schema['format'] === 'unix-time'
      ? build({ type: nullable(['string']), format: 'date-time', description })
      : build({ type: nullable(['integer']), description });
    default: return build({ type: nullable([type]), description });
  }
}

function objectParts(schema: OpenApiSchema, walk: Walk): Pick<JsonSchema, 'properties' | 'additionalProperties'> {
  const declared = isRecord(schema['properties']) ? Object.entries(schema['properties']) : [];
  const extra = schema['additionalProperties'];
  const additionalProperties = isRecord(extra) ? convert(extra, { ...walk, path: `${walk.path}.*` })
    : extra === true || declared.length === 0 ? true : undefined;
  if (declared.length === 0) return { additionalProperties };
  const properties: Record<string, JsonSchema> = {};
  const name = walk.stack[walk.stack.length - 1];
  // a column Stripe fills only when asked for is kept only where the stream asks for it
  const includable = new Set(name !== undefined && walk.rules.components[name] === schema ? includableProperties(name, schema) : []);
  for (const [key, value] of declared) {
    const path = walk.path ? `${walk.path}.${key}` : key;
    if (includable.has(key) && !walk.rules.requestedFields?.has(path)) continue;
    if (isRecord(value)) properties[key] = convert(value, { ...walk, path });
  }
  return { properties, additionalProperties };
}

/**
 * The schema of a resource's records. A polymorphic resource (`anyOf` of component refs, e.g. `payment_source`)
 * is the merge of its variants, each taken as a root.
 */
export function resourceSchema(name: string, rules: Rules, stack: readonly string[] = []): JsonSchema {
  const schema = component(name, rules);
  const variants = unionVariants(schema);
  const walk: Walk = { rules, stack: [...stack, name], depth: 0, path: '' };
  if (!variants) return convert(schema, walk);
  return mergeAll(variants.map((v) => {
    const variant = refName(v);
    return variant !== undefined ? resourceSchema(variant, rules, walk.stack) : convert(v, walk);
  }));
}

/**
 * What users must know beyond Stripe's own descriptions, by resource and dotted property path. An event's
 * `data` is "rendered" at the event's `api_version` (spec 2024-04-10, `event.api_version`), not at the
 * version the tap pins, and it is an open object to the tap: nothing in it is converted.
 */
const AT_EVENT_VERSION = 'As copied by the tap: rendered at the API version of the event (`api_version`), which may differ from the version the other streams are read at, so its shape can differ from the stream of that object; timestamps in it stay unix seconds (not RFC3339) and expandable fields stay as the event has them.';
export const NOTES: Record<string, Record<string, string>> = {
  event: { 'data.object': AT_EVENT_VERSION, 'data.previous_attributes': AT_EVENT_VERSION },
};

/** Appends the notes to the descriptions of the properties they name (a copy). */
function withNotes(properties: Record<string, JsonSchema>, notes: Record<string, string>): Record<string, JsonSchema> {
  const out = { ...properties };
  for (const [path, note] of Object.entries(notes)) {
    const [head, ...rest] = path.split('.');
    const node = head === undefined ? undefined : out[head];
    if (!node) throw new Error(`note for missing property ${path}`);
    out[head!] = rest.length > 0
      ? build({ ...node, properties: withNotes(node.properties ?? {}, { [rest.join('.')]: note }) })
      : build({ ...node, description: node.description ? `${node.description} ${note}` : note });
  }
  return out;
}

function nonNull(schema: JsonSchema): JsonSchema {
  return schema.type === undefined ? schema : build({ ...schema, type: typeValue(typesOf(schema).filter((t) => t !== 'null')) });
}

/** The published schema of a stream: the resource's properties, its parent/index columns and extras; keys non-null. */
export function streamSchema(def: StreamDef, components: Components, maxDepth: number): JsonSchema {
  const rules: Rules = { components, maxDepth, expandedFields: new Set(def.expandedFields ?? []), requestedFields: requestedFields(def) };
  const properties: Record<string, JsonSchema> = withNotes({ ...resourceSchema(def.resource, rules).properties }, NOTES[def.resource] ?? {});
  if (def.kind === 'child') {
    properties[def.parentKey] = { type: 'string', description: `ID of the parent record (stream \`${def.parent}\`).` };
    if (def.indexKey) properties[def.indexKey] = { type: 'integer', description: INDEX_DESCRIPTION };
  }
  // Extra properties are declared as JSON Schema already: copied verbatim.
  Object.assign(properties, def.extraProperties as Record<string, JsonSchema> | undefined);
  // Stripe's own `updated` (products, portal configurations) already says when the object last changed: kept
  if (!(def.kind === 'top' && def.replication === 'snapshot')) for (const [k, v] of Object.entries(CHANGE_COLUMNS)) properties[k] ??= v;
  for (const key of def.keyProperties) {
    const property = properties[key];
    if (!property) throw new Error(`stream ${def.name}: key property ${key} is not in its schema`);
    properties[key] = nonNull(property);
  }
  return { type: 'object', additionalProperties: true, properties: sortKeys(properties) };
}
