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

/** A value in, the value conformed out: the same value where nothing changes (nothing is copied then). */
export type Conform = (value: unknown) => unknown;

function isIdOnly(schema: SchemaNode): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('string') && !types.includes('object');
}

/**
 * The code that conforms property `name` of `v`, for its schema node: a timestamp and an expanded object's
 * id are checked in place, anything nested goes to the node's own conformer (`c[i]`), and a node that can
 * change nothing (numbers, booleans) needs no code.
 */
function propertyCode(name: string, schema: SchemaNode, timestamps: boolean, children: Conform[]): string | undefined {
  const set = `(o ??= { ...v })[${name}] =`;
  if (schema.properties || schema.items || typeof schema.additionalProperties === 'object') {
    children.push(compileConform(schema, timestamps));
    return `x = v[${name}]; if (x !== null && x !== undefined) { y = c[${children.length - 1}](x); if (y !== x) ${set} y; }`;
  }
  const checks: string[] = [];
  if (timestamps && schema.format === 'date-time') checks.push(`if (typeof x === 'number') ${set} rfc(x);`);
  if (isIdOnly(schema)) checks.push(`if (x !== null && typeof x === 'object' && !Array.isArray(x) && typeof x.id === 'string') ${set} x.id;`);
  return checks.length > 0 ? `x = v[${name}]; ${checks.join(' else ')}` : undefined;
}

/** Conformers compiled per schema node, once: a stream's schema is walked once per run, not once per record. */
const compiled = [new WeakMap<SchemaNode, Conform>(), new WeakMap<SchemaNode, Conform>()];

/**
 * Compiles what `conformToSchema` does for a schema into one function. Every integer where the schema says
 * `format: date-time` becomes an RFC3339 string (unless `timestamps` is false), and an expanded object where
 * the schema has the id (Stripe expands some fields in places the tap did not ask for) becomes its id.
 * Everything else is kept as Stripe sent it (decimals stay strings, unknown fields stay). Copy on write: an
 * object or array is copied only when something in it changes, and the input is never modified.
 *
 * An object node becomes generated code that reads each property its schema names, so that V8 sees one
 * object shape per place (property names go in as JSON string literals: a catalog's names are data, not
 * code). Properties whose schema can change nothing (numbers, booleans) are not even read.
 */
export function compileConform(schema: SchemaNode, timestamps = true): Conform {
  const cache = compiled[timestamps ? 1 : 0]!;
  let conform = cache.get(schema);
  if (conform) return conform;
  // compiled on first use, so that a schema that refers to itself closes the cycle instead of recursing
  let body: Conform | undefined;
  conform = (value) => (body ??= build(schema, timestamps))(value);
  cache.set(schema, conform);
  return conform;
}

function build(schema: SchemaNode, timestamps: boolean): Conform {
  const date = timestamps && schema.format === 'date-time';
  const idOnly = isIdOnly(schema);
  const items = schema.items ? compileConform(schema.items, timestamps) : undefined;
  const object = schema.properties || typeof schema.additionalProperties === 'object' ? objectConformer(schema, timestamps) : undefined;
  return (value) => {
    if (value === null || typeof value !== 'object') return date && typeof value === 'number' ? toRfc3339(value) : value;
    if (Array.isArray(value)) return items ? conformArray(value, items) : value;
    if (idOnly && typeof (value as JsonObject)['id'] === 'string') return (value as JsonObject)['id'];
    return object ? object(value as JsonObject) : value;
  };
}

function conformArray(value: unknown[], items: Conform): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i += 1) {
    const item = value[i];
    const conformed = items(item);
    if (conformed !== item) (out ??= value.slice())[i] = conformed;
  }
  return out ?? value;
}

/** The generated function for an object node's properties. */
function objectConformer(schema: SchemaNode, timestamps: boolean): (value: JsonObject) => JsonObject {
  // `__proto__` would reach the prototype, not a property: such a field is left as it is
  const props = Object.entries(schema.properties ?? {}).filter(([key]) => key !== '__proto__');
  const children: Conform[] = [];
  const lines: string[] = [];
  for (const [key, child] of props) {
    const code = propertyCode(JSON.stringify(key), child, timestamps, children);
    if (code) lines.push(code);
  }
  if (typeof schema.additionalProperties === 'object') {
    children.push(compileConform(schema.additionalProperties, timestamps));
    lines.push(`for (const k in v) { if (own.has(k) || k === '__proto__') continue; x = v[k]; y = c[${children.length - 1}](x); if (y !== x) (o ??= { ...v })[k] = y; }`);
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema's property names, quoted as JSON strings
  const make = new Function('c', 'rfc', 'own', `return function conformObject(v) { let o; let x; let y;\n${lines.join('\n')}\nreturn o ?? v; };`) as
    (c: Conform[], rfc: typeof toRfc3339, own: ReadonlySet<string>) => (value: JsonObject) => JsonObject;
  return make(children, toRfc3339, new Set(props.map(([key]) => key)));
}

/** `compileConform(schema, timestamps)(value)`: the value in the stream schema's shape (see there). */
export function conformToSchema(value: unknown, schema: SchemaNode | undefined, timestamps = true): unknown {
  return schema === undefined ? value : compileConform(schema, timestamps)(value);
}

/** Keeps only the top-level properties not deselected in the catalog (Singer field selection). */
export function dropFields(record: JsonObject, deselected: ReadonlySet<string>): JsonObject {
  if (deselected.size === 0) return record;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) if (!deselected.has(key)) out[key] = value;
  return out;
}
