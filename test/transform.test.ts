import { conformToSchema, dropFields, type SchemaNode } from '../src/engine/transform';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    created: { type: ['string', 'null'], format: 'date-time' },
    amount_decimal: { type: ['string', 'null'] },
    status_transitions: { type: ['object', 'null'], properties: { paid_at: { type: ['string', 'null'], format: 'date-time' } } },
    lines: { type: ['array', 'null'], items: { type: ['object', 'null'], properties: { period_end: { type: ['string', 'null'], format: 'date-time' } } } },
    metadata: { type: ['object', 'null'], additionalProperties: { type: ['string', 'null'] } },
  },
};

describe('record transform', () => {
  it('turns unix timestamps into RFC3339 wherever the schema says date-time', () => {
    const out = conformToSchema({
      created: 1_700_000_000,
      status_transitions: { paid_at: 1_700_000_001 },
      lines: [{ period_end: 0 }, { period_end: null }],
    }, schema);
    expect(out).toEqual({
      created: '2023-11-14T22:13:20Z',
      status_transitions: { paid_at: '2023-11-14T22:13:21Z' },
      lines: [{ period_end: '1970-01-01T00:00:00Z' }, { period_end: null }],
    });
  });

  it('turns objects Stripe expanded unasked into their ids where the schema has the id', () => {
    const withId: SchemaNode = { type: 'object', properties: { customer: { type: ['string', 'null'] }, items: { type: ['array', 'null'], items: { type: ['string', 'null'] } } } };
    expect(conformToSchema({ customer: { id: 'cus_1', object: 'customer' }, items: [{ id: 'di_1' }, 'di_2'] }, withId))
      .toEqual({ customer: 'cus_1', items: ['di_1', 'di_2'] });
  });

  it('keeps decimals byte-exact, unknown fields and metadata as they are', () => {
    const input = { amount_decimal: '12.3456789012345678901', surprise: 5, metadata: { plan: 'gold' } };
    expect(conformToSchema(input, schema)).toEqual(input);
  });

  it('drops deselected fields only', () => {
    expect(dropFields({ id: 'a', email: 'x', name: 'y' }, new Set(['email']))).toEqual({ id: 'a', name: 'y' });
  });
});
