/**
 * Records that no longer match their schema because Stripe changed a type: the value is emitted as it came
 * (never dropped, never coerced), and the run says so once per stream and field. Fields the schema does not
 * know pass without a word: every schema allows additional properties, so a field Stripe adds is a new column.
 */
import { isObject } from '../json-file';
import type { JsonObject } from '../streams';
import type { SchemaNode } from './transform';

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

function allows(types: string | string[], actual: JsonType): boolean {
  const list = Array.isArray(types) ? types : [types];
  return list.includes(actual) || (actual === 'integer' && list.includes('number'));
}

/** Calls `found(path, declared, actual)` for every value whose type its schema node does not allow. */
export function wrongTypes(value: unknown, schema: SchemaNode, found: (path: string, declared: string, actual: JsonType) => void): void {
  walk(value, schema, [], found);
}

/** `path` is a stack of keys (`[]` for array items), joined only when a value is found: most records have none. */
function walk(value: unknown, schema: SchemaNode, path: string[], found: (path: string, declared: string, actual: JsonType) => void): void {
  const actual = typeOf(value);
  if (schema.type !== undefined && !allows(schema.type, actual)) {
    found(path.join('.').replace(/\.\[\]/g, '[]'), Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type, actual);
    return;
  }
  if (actual === 'array' && schema.items) {
    path.push('[]');
    for (const item of value as unknown[]) walk(item, schema.items, path, found);
    path.pop();
  } else if (actual === 'object' && isObject(value)) {
    const props = schema.properties;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    if (!props && !extra) return;
    for (const key in value) {
      const node = props?.[key] ?? extra;
      if (!node || value[key] === undefined) continue; // undefined is absent: a field left out is not sent
      path.push(key);
      walk(value[key], node, path, found);
      path.pop();
    }
  }
}

/** One warning per stream and field whose value came with a type its schema does not allow. */
export class TypeDrift {
  private readonly warned = new Set<string>();

  constructor(private readonly warn: (message: string) => void) {}

  check(stream: string, record: JsonObject, schema: SchemaNode): void {
    wrongTypes(record, schema, (path, declared, actual) => {
      const key = `${stream}\u0000${path}`;
      if (this.warned.has(key)) return;
      this.warned.add(key);
      this.warn(`${stream}: field ${path} is declared ${declared} but Stripe sent ${actual === 'null' ? 'null' : /^[aeiou]/.test(actual) ? `an ${actual}` : `a ${actual}`}; emitted as it came (one warning per stream and field)`);
    });
  }
}
