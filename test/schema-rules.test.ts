import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { STREAMS } from '../src/streams';
import type { ChildStreamDef, TopStreamDef } from '../src/streams';
import {
  type Components, INDEX_DESCRIPTION, type JsonSchema, mergeSchemas, resourceSchema, type Rules, streamSchema,
} from '../scripts/schema-rules';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A small Stripe-like spec: a charge that points at a customer, which points back at its charges. */
const components: Components = {
  charge: {
    type: 'object', title: 'Charge', required: ['id'], 'x-expandableFields': ['customer'],
    properties: {
      id: { type: 'string', maxLength: 5000, description: 'Unique identifier.' },
      amount: { type: 'integer', description: 'Amount in cents.' },
      created: { type: 'integer', format: 'unix-time', description: 'Creation time.' },
      fee_decimal: { type: 'string', format: 'decimal', nullable: true },
      status: { type: 'string', enum: ['failed', 'succeeded'] },
      metadata: { type: 'object', additionalProperties: { type: 'string', maxLength: 500 } },
      settings: { type: 'object', properties: {} },
      customer: {
        anyOf: [{ type: 'string', maxLength: 5000 }, ref('customer'), ref('deleted_customer')],
        description: 'ID of the customer.', nullable: true,
        'x-expansionResources': { oneOf: [ref('customer'), ref('deleted_customer')] },
      },
      outcome: { anyOf: [ref('outcome')], description: 'The outcome.', nullable: true },
      source: { anyOf: [ref('card'), ref('bank_account')], nullable: true },
      tax_behavior: { anyOf: [{ type: 'string' }, { type: 'string', enum: [''] }] },
      limits: { anyOf: [ref('outcome'), { type: 'string', enum: [''] }] },
    },
  },
  customer: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      latest_charge: { anyOf: [ref('charge')], nullable: true },
      parent: { anyOf: [ref('customer')], nullable: true },
    },
  },
  deleted_customer: { type: 'object', properties: { id: { type: 'string' }, deleted: { type: 'boolean' } } },
  outcome: { type: 'object', properties: { risk: { type: 'string' }, next: ref('level1') } },
  level1: { type: 'object', properties: { next: ref('level2') } },
  level2: { type: 'object', properties: { value: { type: 'integer' } } },
  card: {
    type: 'object',
    properties: { id: { type: 'string' }, brand: { type: 'string' }, checks: { type: 'object', properties: { cvc: { type: 'string' } } } },
  },
  bank_account: {
    type: 'object',
    properties: { id: { type: 'string' }, brand: { type: 'integer' }, checks: { type: 'object', properties: { iban: { type: 'string' } } } },
  },
  payment_source: { anyOf: [ref('card'), ref('bank_account')], title: 'Polymorphic' },
};

const rules = (expanded: string[] = [], maxDepth = 4): Rules => ({ components, maxDepth, expandedFields: new Set(expanded) });
const props = (schema: JsonSchema): Record<string, JsonSchema> => schema.properties ?? {};
const charge = props(resourceSchema('charge', rules()));

function topStream(overrides: Partial<TopStreamDef> = {}): TopStreamDef {
  return {
    kind: 'top', name: 'charges', description: 'Charges.', path: '/v1/charges', resource: 'charge',
    keyProperties: ['id'], replication: 'created', ...overrides,
  };
}

function childStream(overrides: Partial<ChildStreamDef> = {}): ChildStreamDef {
  return {
    kind: 'child', name: 'customer_charges', description: 'Charges of a customer.', parent: 'customers',
    parentKey: 'customer', resource: 'charge', keyProperties: ['customer', 'id'],
    source: { kind: 'endpoint', path: '/v1/charges?customer={parent}' }, ...overrides,
  };
}

describe('schema rules', () => {
  test('makes every property nullable and keeps descriptions', () => {
    expect(charge['amount']).toEqual({ type: ['integer', 'null'], description: 'Amount in cents.' });
    expect(charge['status']).toEqual({ type: ['string', 'null'] });
  });

  test('turns unix-time integers into date-time strings', () => {
    expect(charge['created']).toEqual({ type: ['string', 'null'], format: 'date-time', description: 'Creation time.' });
  });

  test('keeps decimal strings as plain strings', () => {
    expect(charge['fee_decimal']).toEqual({ type: ['string', 'null'] });
  });

  test('keeps additionalProperties schemas and opens objects without properties', () => {
    expect(charge['metadata']).toEqual({ type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } });
    expect(charge['settings']).toEqual({ type: ['object', 'null'], additionalProperties: true });
  });

  test('publishes an expandable field as its id', () => {
    expect(charge['customer']).toEqual({ type: ['string', 'null'], description: 'ID of the customer.' });
  });

  test('publishes an expanded field as the merged objects of its expansion resources', () => {
    const customer = props(resourceSchema('charge', rules(['customer'])))['customer'];
    expect(customer?.type).toEqual(['object', 'null']);
    expect(customer?.description).toBe('ID of the customer.');
    expect(Object.keys(props(customer ?? {}))).toEqual(['deleted', 'id', 'latest_charge', 'parent']);
  });

  test('inlines single-variant refs with the description of the field', () => {
    expect(charge['outcome']?.description).toBe('The outcome.');
    expect(props(charge['outcome'] ?? {})['risk']).toEqual({ type: ['string', 'null'] });
  });

  test('merges polymorphic variants: union of properties, recursively, with type unions on clashes', () => {
    const source = charge['source'] ?? {};
    expect(props(source)['brand']).toEqual({ type: ['string', 'integer', 'null'] });
    expect(Object.keys(props(props(source)['checks'] ?? {}))).toEqual(['cvc', 'iban']);
    const root = resourceSchema('payment_source', rules());
    expect(Object.keys(props(root))).toEqual(['brand', 'checks', 'id']);
  });

  test('drops empty-string enum variants, keeping string in the type', () => {
    expect(charge['tax_behavior']).toEqual({ type: ['string', 'null'] });
    expect(charge['limits']?.type).toEqual(['object', 'string', 'null']);
  });

  test('cuts a component already being inlined on the path', () => {
    const customer = props(resourceSchema('customer', rules()));
    expect(customer['parent']).toMatchObject({ type: ['object', 'null'], additionalProperties: true });
    expect(customer['parent']?.properties).toBeUndefined();
    const latestCharge = props(customer['latest_charge'] ?? {});
    expect(latestCharge['amount']).toBeDefined();
  });

  test('cuts nested refs below the depth limit', () => {
    const outcome = props(resourceSchema('charge', rules([], 2)))['outcome'] ?? {};
    const level1 = props(outcome)['next'] ?? {};
    expect(props(level1)['next']).toMatchObject({ type: ['object', 'null'], additionalProperties: true });
    expect(props(level1)['next']?.description).toContain('level2');
  });

  test('merges types and formats', () => {
    expect(mergeSchemas({ type: ['string', 'null'], format: 'date-time' }, { type: ['integer', 'null'] }))
      .toEqual({ type: ['string', 'integer', 'null'], format: 'date-time' });
    expect(mergeSchemas({ type: ['string', 'null'], format: 'date-time' }, { type: ['string', 'null'] }))
      .toEqual({ type: ['string', 'null'] });
  });
});

describe('stream schemas', () => {
  test('have a non-null object root and non-null key properties', () => {
    const schema = streamSchema(topStream(), components, 4);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(true);
    expect(props(schema)['id']).toEqual({ type: 'string', description: 'Unique identifier.' });
  });

  test('add the parent key, the index key and the extra properties of child streams', () => {
    const extra = { synced_at: { type: 'string', format: 'date-time', description: 'Sync time.' } };
    const schema = streamSchema(
      childStream({ indexKey: 'index', keyProperties: ['customer', 'index'], extraProperties: extra }), components, 4);
    expect(props(schema)['customer']).toEqual({ type: 'string', description: 'ID of the parent record (stream `customers`).' });
    expect(props(schema)['index']).toEqual({ type: 'integer', description: INDEX_DESCRIPTION });
    expect(props(schema)['synced_at']).toEqual(extra.synced_at);
    expect(Object.keys(props(schema))).toEqual([...Object.keys(props(schema))].sort());
  });

  test('reject a key property missing from the schema', () => {
    expect(() => streamSchema(topStream({ keyProperties: ['nope'] }), components, 4)).toThrow(/nope/);
  });

  test('reject an unknown resource', () => {
    expect(() => streamSchema(topStream({ resource: 'missing' }), components, 4)).toThrow(/missing/);
  });
});

const ALLOWED_KEYWORDS = new Set(['type', 'properties', 'items', 'additionalProperties', 'format', 'description']);

/** Keywords outside the allowed ones, and formats other than date-time, with where they are. */
function disallowed(schema: Record<string, unknown>, at: string): string[] {
  const found = Object.keys(schema).filter((k) => !ALLOWED_KEYWORDS.has(k)).map((k) => `${at}: ${k}`);
  if ('format' in schema && schema['format'] !== 'date-time') found.push(`${at}: format ${String(schema['format'])}`);
  const children: [string, unknown][] = Object.entries((schema['properties'] ?? {}) as Record<string, unknown>)
    .map(([k, v]) => [`${at}.${k}`, v]);
  children.push([`${at}[]`, schema['items']], [`${at}{}`, schema['additionalProperties']]);
  for (const [where, child] of children) {
    if (typeof child === 'object' && child !== null) found.push(...disallowed(child as Record<string, unknown>, where));
  }
  return found;
}

describe('generated schemas/*.json', () => {
  const dir = path.resolve(__dirname, '..', 'schemas');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'config.json');
  const ajv = new Ajv({ strict: true });
  addFormats(ajv);

  test('one file per stream, and no other', () => {
    expect(files.sort()).toEqual(STREAMS.map((s) => `${s.name}.json`).sort());
  });

  test.each(STREAMS.map((s) => [s.name, s] as const))('%s', (name, def) => {
    const text = fs.readFileSync(path.join(dir, `${name}.json`), 'utf8');
    const schema = JSON.parse(text) as Record<string, unknown>;
    expect(text.endsWith('}\n')).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema['type']).toBe('object');
    const properties = (schema['properties'] ?? {}) as Record<string, { type?: unknown }>;
    for (const key of def.keyProperties) {
      expect(properties[key]).toBeDefined();
      expect(properties[key]?.type).not.toContain('null');
    }
    expect(disallowed(schema, name)).toEqual([]);
  });
});
