/**
 * A record that no longer matches its schema is never dropped: a field Stripe added passes through (every
 * schema allows additional properties), a value of another type is emitted as it came, with one warning per
 * stream and field naming both.
 */
import type { Selection } from '../src/catalog';
import { Emitter } from '../src/engine/emit';
import type { SchemaNode } from '../src/engine/transform';
import type { Output } from '../src/protocol/output';
import { streamSchema } from '../src/schemas';
import { findStream, STREAMS, type JsonObject } from '../src/streams';
import { memoryLogger } from './helpers';

function capture(): { output: Output; records: JsonObject[] } {
  const records: JsonObject[] = [];
  const output: Output = {
    schema: () => Promise.resolve(),
    record: (_stream, record) => {
      records.push(record);
      return Promise.resolve();
    },
    state: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { output, records };
}

const selection = (name: string): Selection => ({ def: findStream(name)!, schema: streamSchema(name), deselected: new Set(), metadataColumns: new Map() });

const charge = (overrides: JsonObject): JsonObject => ({
  id: 'ch_1', object: 'charge', amount: 1000, currency: 'usd', created: 1_700_000_000, paid: true,
  billing_details: { address: { city: 'Paris', country: 'FR' }, email: null, name: null, phone: null }, ...overrides,
});

describe('records that no longer match their schema', () => {
  it('a field Stripe added passes through, with no warning', async () => {
    const { output, records } = capture();
    const { log, lines } = memoryLogger();
    const emitter = new Emitter(output, () => new Date(0), log);
    await emitter.record(selection('charges'), charge({ brand_new_field: { nested: [1, 2] }, billing_details: { address: { city: 'Paris', planet: 'Earth' } } }), 1_700_000_000);
    expect(records[0]).toMatchObject({ brand_new_field: { nested: [1, 2] }, billing_details: { address: { city: 'Paris', planet: 'Earth' } } });
    expect(lines).toEqual([]);
  });

  it('a deselected field is left out without a warning about its type', async () => {
    const { output, records } = capture();
    const { log, lines } = memoryLogger();
    const emitter = new Emitter(output, () => new Date(0), log);
    await emitter.record({ ...selection('charges'), deselected: new Set(['currency']) }, charge({}), 1_700_000_000);
    expect(JSON.parse(JSON.stringify(records[0]))).not.toHaveProperty('currency');
    expect(lines).toEqual([]);
  });

  it('a value of another type is emitted as it came, with one warning per stream and field naming both', async () => {
    const { output, records } = capture();
    const { log, lines } = memoryLogger();
    const emitter = new Emitter(output, () => new Date(0), log);
    const odd = charge({ amount: '10.00', paid: 'yes', billing_details: { address: { city: 75001 } } });
    await emitter.record(selection('charges'), odd, 1_700_000_000);
    await emitter.record(selection('charges'), { ...odd, id: 'ch_2' }, 1_700_000_000);
    await emitter.record(selection('refunds'), { id: 're_1', object: 'refund', amount: '5', created: 1_700_000_000 }, 1_700_000_000);
    expect(records.map((r) => r['amount'])).toEqual(['10.00', '10.00', '5']);
    expect(records[0]).toMatchObject({ paid: 'yes', billing_details: { address: { city: 75001 } } });
    expect(lines).toEqual([
      'WARNING charges: field amount is declared integer or null but Stripe sent a string; emitted as it came (one warning per stream and field)',
      'WARNING charges: field paid is declared boolean or null but Stripe sent a string; emitted as it came (one warning per stream and field)',
      'WARNING charges: field billing_details.address.city is declared string or null but Stripe sent an integer; emitted as it came (one warning per stream and field)',
      'WARNING refunds: field amount is declared integer or null but Stripe sent a string; emitted as it came (one warning per stream and field)',
    ]);
  });

  it('every schema allows additional properties, at every level', () => {
    const closed: string[] = [];
    const walk = (node: SchemaNode, path: string): void => {
      if (node.additionalProperties === false) closed.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`);
      if (node.items) walk(node.items, `${path}[]`);
      if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}.*`);
    };
    for (const def of STREAMS) walk(streamSchema(def.name), def.name);
    expect(closed).toEqual([]);
  });
});
