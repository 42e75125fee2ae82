import nock from 'nock';
import { childObjects } from '../src/engine/children';
import { lookupDefs } from '../src/engine/family';
import { FatalApiError } from '../src/errors';
import { findStream, type ChildStreamDef, type JsonObject, type TopStreamDef } from '../src/streams';
import { testClient } from './helpers';

const API = 'https://api.stripe.com';
const def = (name: string) => findStream(name) as ChildStreamDef;
const list = (ids: string[], hasMore: boolean) => ({ object: 'list', data: ids.map((id) => ({ id })), has_more: hasMore });

async function collect(child: ChildStreamDef, parent: JsonObject): Promise<JsonObject[]> {
  const { client } = testClient();
  const out: JsonObject[] = [];
  for await (const items of childObjects(child, parent, client, {})) out.push(...items);
  return out;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('child objects', () => {
  it('use a complete embedded list as it is, with the parent id set', async () => {
    const lines = await collect(def('invoice_lines'), { id: 'in_1', lines: list(['il_1', 'il_2'], false) });
    expect(lines).toEqual([{ id: 'il_1', invoice: 'in_1' }, { id: 'il_2', invoice: 'in_1' }]);
  });

  it('page the child endpoint on from the last embedded item when the embedded list has more', async () => {
    nock(API).get('/v1/invoices/in_1/lines').query({ limit: '100', starting_after: 'il_1' }).reply(200, list(['il_2', 'il_3'], true))
      .get('/v1/invoices/in_1/lines').query({ limit: '100', starting_after: 'il_3' }).reply(200, list(['il_3', 'il_4'], false));
    const lines = await collect(def('invoice_lines'), { id: 'in_1', lines: list(['il_1'], true) });
    expect(lines.map((l) => l['id'])).toEqual(['il_1', 'il_2', 'il_3', 'il_4']); // il_3 twice from the server: once here
    expect(nock.isDone()).toBe(true);
  });

  it('take checkout line items from the session, and page on with their includable fields when there are more', async () => {
    const session = { id: 'cs_1', line_items: list(['li_1', 'li_2'], false) };
    expect((await collect(def('checkout_session_line_items'), session)).map((l) => l['id'])).toEqual(['li_1', 'li_2']);
    nock(API).get('/v1/checkout/sessions/cs_2/line_items')
      .query({ limit: '100', starting_after: 'li_2', 'expand[]': ['data.discounts', 'data.taxes'] }).reply(200, list(['li_3'], false));
    const more = await collect(def('checkout_session_line_items'), { id: 'cs_2', line_items: list(['li_1', 'li_2'], true) });
    expect(more).toEqual([{ id: 'li_1', checkout_session: 'cs_2' }, { id: 'li_2', checkout_session: 'cs_2' }, { id: 'li_3', checkout_session: 'cs_2' }]);
  });

  it('list no setup attempts of an intent that was never confirmed (latest_attempt is null)', async () => {
    expect(await collect(def('setup_attempts'), { id: 'seti_1', latest_attempt: null })).toEqual([]);
    nock(API).get('/v1/setup_attempts').query({ setup_intent: 'seti_2', limit: '100' }).reply(200, list(['setatt_1'], false));
    expect(await collect(def('setup_attempts'), { id: 'seti_2', latest_attempt: 'setatt_1' })).toEqual([{ id: 'setatt_1', setup_intent: 'seti_2' }]);
  });

  it('page the child endpoint when the server did not embed the list', async () => {
    nock(API).get('/v1/customers/cus_1/sources').query({ limit: '100' }).reply(200, list(['card_1'], false));
    expect(await collect(def('customer_sources'), { id: 'cus_1' })).toEqual([{ id: 'card_1', customer: 'cus_1' }]);
  });

  it('fail when a server ignores starting_after instead of paging forever', async () => {
    nock(API).get('/v1/customers/cus_1/payment_methods').query(true).times(2).reply(200, list(['pm_1', 'pm_2'], true));
    await expect(collect(def('payment_methods'), { id: 'cus_1' })).rejects.toThrow(FatalApiError);
  });

  it('number items without ids and turn bare ids into objects', async () => {
    expect(await collect(def('tiers'), { id: 'plan_1', tiers: [{ up_to: 10 }, { up_to: null }] }))
      .toEqual([{ up_to: 10, plan: 'plan_1', index: 0 }, { up_to: null, plan: 'plan_1', index: 1 }]);
    expect(await collect(def('invoice_discounts'), { id: 'in_1', discounts: ['di_1'] })).toEqual([{ id: 'di_1', invoice: 'in_1' }]);
  });

  it('read nothing for parents that cannot have children (manual payouts)', async () => {
    expect(await collect(def('payout_balance_transactions'), { id: 'po_1', automatic: false })).toEqual([]);
  });

  it('take dispute fees from each balance transaction, numbered within it', async () => {
    const fees = await collect(def('disputes_fees'), {
      id: 'dp_1',
      balance_transactions: [{ id: 'txn_1', fee_details: [{ amount: 1 }, { amount: 2 }] }, { id: 'txn_2', fee_details: [{ amount: 3 }] }],
    });
    expect(fees).toEqual([
      { amount: 1, balance_transaction: 'txn_1', index: 0, dispute: 'dp_1' },
      { amount: 2, balance_transaction: 'txn_1', index: 1, dispute: 'dp_1' },
      { amount: 3, balance_transaction: 'txn_2', index: 0, dispute: 'dp_1' },
    ]);
  });

  it("take a review where a charge names it: expanded as it is, or retrieved by id when the server left the id", async () => {
    const [viaCharges] = lookupDefs(findStream('reviews') as TopStreamDef);
    expect(viaCharges?.parent).toBe('charges');
    expect(await collect(viaCharges!, { id: 'ch_1', review: { id: 'prv_1', open: false } })).toEqual([{ id: 'prv_1', open: false }]);
    nock(API).get('/v1/reviews/prv_2').reply(200, { id: 'prv_2', object: 'review', open: false });
    expect(await collect(viaCharges!, { id: 'ch_2', review: 'prv_2' })).toEqual([{ id: 'prv_2', object: 'review', open: false }]);
    expect(await collect(viaCharges!, { id: 'ch_3', review: null })).toEqual([]);
  });
});
