import { buildCatalog, parseCatalog } from '../src/catalog';
import { columnName, columnsFor, fillColumns, metadataKeys, METADATA_KEY, withColumns } from '../src/metadata-columns';

describe('custom fields as columns', () => {
  it('names columns after the key, safely', () => {
    expect(columnName('Plan Tier')).toBe('metadata_plan_tier');
    expect(columnName('crm-id')).toBe('metadata_crm_id');
    expect(columnName('***')).toBe('metadata_key');
  });

  it('collects keys from sampled objects in first-seen order', () => {
    expect(metadataKeys([{ metadata: { b: '1' } }, { metadata: { a: '2', b: '3' } }, { metadata: null }, {}])).toEqual(['b', 'a']);
  });

  it('avoids clashes with real properties and with each other', () => {
    const schema = { type: 'object', properties: { metadata_x: { type: 'string' } } };
    expect([...columnsFor(['x', 'X', 'y'], schema)]).toEqual([['metadata_x_2', 'x'], ['metadata_x_3', 'X'], ['metadata_y', 'y']]);
  });

  it('declares string columns and fills them from metadata (null when absent)', () => {
    const columns = new Map([['metadata_tier', 'tier'], ['metadata_crm', 'crm']]);
    expect(withColumns({ type: 'object', properties: {} }, columns).properties?.['metadata_tier']?.type).toEqual(['string', 'null']);
    expect(fillColumns({ id: 'c', metadata: { tier: 'gold' } }, columns)).toEqual({ id: 'c', metadata: { tier: 'gold' }, metadata_tier: 'gold', metadata_crm: null });
  });

  it('travel through the catalog: discover declares them, read finds them again', () => {
    const catalog = buildCatalog(new Map([['customers', new Map([['metadata_tier', 'Tier']])]]));
    const customers = catalog.streams.find((s) => s.stream === 'customers')!;
    expect(customers.schema.properties?.['metadata_tier']).toBeDefined();
    expect(customers.metadata.find((m) => m.breadcrumb[1] === 'metadata_tier')?.metadata[METADATA_KEY]).toBe('Tier');
    for (const s of catalog.streams) s.metadata[0]!.metadata['selected'] = s.stream === 'customers';
    const [selection] = parseCatalog(JSON.parse(JSON.stringify(catalog)), 'c');
    expect([...selection!.metadataColumns]).toEqual([['metadata_tier', 'Tier']]);
  });
});
