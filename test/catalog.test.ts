import { buildCatalog, parseCatalog } from '../src/catalog';
import { ConfigError } from '../src/errors';
import { STREAMS } from '../src/streams';

describe('catalog', () => {
  const catalog = buildCatalog();

  it('lists every stream with Singer metadata', () => {
    expect(catalog.streams.map((s) => s.tap_stream_id)).toEqual(STREAMS.map((s) => s.name));
    const charges = catalog.streams.find((s) => s.stream === 'charges')!;
    expect(charges).toMatchObject({ key_properties: ['id'], replication_method: 'INCREMENTAL', replication_key: 'created' });
    const top = charges.metadata.find((m) => m.breadcrumb.length === 0)!.metadata;
    expect(top).toMatchObject({ inclusion: 'available', 'selected-by-default': true, 'table-key-properties': ['id'], 'forced-replication-method': 'INCREMENTAL', 'valid-replication-keys': ['created', 'updated'] });
    const id = charges.metadata.find((m) => m.breadcrumb[1] === 'id')!.metadata;
    expect(id['inclusion']).toBe('automatic');
    const amount = charges.metadata.find((m) => m.breadcrumb[1] === 'amount')!.metadata;
    expect(amount['inclusion']).toBe('available');
  });

  it('marks children with their parent and full-table streams as such', () => {
    const lines = catalog.streams.find((s) => s.stream === 'invoice_lines')!;
    expect(lines.metadata[0]!.metadata['parent-tap-stream-id']).toBe('invoices');
    expect(lines.replication_key).toBeUndefined();
    expect(catalog.streams.find((s) => s.stream === 'quotes')!.replication_method).toBe('FULL_TABLE');
  });

  function select(names: string[], extra: (s: (typeof catalog.streams)[number]) => void = () => undefined) {
    const copy = JSON.parse(JSON.stringify(catalog)) as typeof catalog;
    for (const s of copy.streams) {
      s.metadata[0]!.metadata['selected'] = names.includes(s.stream);
      extra(s);
    }
    return copy;
  }

  it('ignores unselected entries it does not know (a catalog of another version)', () => {
    const nope = { tap_stream_id: 'nope', metadata: [{ breadcrumb: [], metadata: { selected: false } }] };
    expect(parseCatalog({ streams: [nope, ...select(['plans']).streams] }, 'c').map((s) => s.def.name)).toEqual(['plans']);
  });

  it('keeps only selected streams', () => {
    expect(parseCatalog(select(['charges', 'invoice_lines']), 'c').map((s) => s.def.name)).toEqual(['charges', 'invoice_lines']);
  });

  it('falls back to the legacy schema.selected, then selected-by-default', () => {
    const copy = JSON.parse(JSON.stringify(catalog)) as { streams: Record<string, unknown>[] };
    expect(parseCatalog(copy, 'c')).toHaveLength(STREAMS.length);
    const legacy = { streams: [{ tap_stream_id: 'plans', schema: { selected: true, type: 'object', properties: {} } }, { tap_stream_id: 'coupons', schema: { type: 'object' } }] };
    expect(parseCatalog(legacy, 'c').map((s) => s.def.name)).toEqual(['plans']);
  });

  it('leaves out deselected fields but never keys or the replication key', () => {
    const copy = select(['charges'], (s) => {
      for (const m of s.metadata) if (['description', 'id', 'created'].includes(m.breadcrumb[1] ?? '')) m.metadata['selected'] = false;
    });
    expect([...parseCatalog(copy, 'c')[0]!.deselected]).toEqual(['description']);
  });

  it.each([
    [[], 'c: must be a JSON object with a "streams" array'],
    [{ streams: [5] }, 'c: streams[0] must be an object'],
    [{ streams: [{ schema: {} }] }, 'c: streams[0] has no "tap_stream_id"'],
    [{ streams: [{ tap_stream_id: 'nope', metadata: [{ breadcrumb: [], metadata: { selected: true } }] }] }, 'c: streams[0]: "nope" is selected but is not a tap-stripe stream'],
    [{ streams: [{ tap_stream_id: 'charges', metadata: {} }] }, '"metadata" must be an array'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseCatalog(raw, 'c')).toThrow(ConfigError);
    expect(() => parseCatalog(raw, 'c')).toThrow(message);
  });
});
