import nock from 'nock';
import { FatalApiError } from '../src/errors';
import { listPages, type PageOptions } from '../src/stripe/paginate';
import type { Query } from '../src/stripe/query';
import { testClient } from './helpers';

const API = 'https://api.stripe.com';
type Obj = { id: string; created?: number };
const list = (objs: Obj[], hasMore: boolean) => ({ object: 'list', data: objs, has_more: hasMore });
/** Stripe's answer when the cursor object was deleted (github.com/stripe/stripe-go/issues/1030). */
const deletedCursor = (id: string) => ({
  error: { code: 'resource_missing', message: `No such charge: '${id}'`, param: 'starting_after', type: 'invalid_request_error' },
});

async function collect(path: string, query: Query, options: PageOptions = {}): Promise<{ ids: string[]; lines: string[] }> {
  const { client, lines } = testClient();
  const ids: string[] = [];
  for await (const page of listPages(client, path, query, { stream: 'charges' }, options)) ids.push(...page.data.map((o) => String(o['id'])));
  return { ids, lines };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('a cursor deleted mid-paging', () => {
  it('narrows a created window to what it had not reached, and skips what it emitted at the boundary', async () => {
    nock(API)
      .get('/v1/charges').query({ 'created[gte]': '0', 'created[lt]': '100', limit: '100' })
      .reply(200, list([{ id: 'ch_5', created: 50 }, { id: 'ch_4', created: 40 }, { id: 'ch_3', created: 40 }], true))
      .get('/v1/charges').query({ 'created[gte]': '0', 'created[lt]': '100', limit: '100', starting_after: 'ch_3' })
      .reply(400, deletedCursor('ch_3'))
      // ch_3 is gone; the list starts again at the boundary second (created <= 40)
      .get('/v1/charges').query({ 'created[gte]': '0', 'created[lt]': '41', limit: '100' })
      .reply(200, list([{ id: 'ch_4', created: 40 }, { id: 'ch_2', created: 40 }, { id: 'ch_1', created: 10 }], false));
    const { ids, lines } = await collect('/v1/charges', { 'created[gte]': 0, 'created[lt]': 100 }, { orderKey: 'created' });
    expect(ids).toEqual(['ch_5', 'ch_4', 'ch_3', 'ch_2', 'ch_1']);
    expect(lines.filter((l) => l.startsWith('WARNING'))).toEqual([
      expect.stringContaining('charges: GET /v1/charges: the object the last page ended with (ch_3) was deleted'),
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it('restarts a list without a created filter from its start and drops every id already emitted', async () => {
    nock(API)
      .get('/v1/invoices/in_1/lines').query({ limit: '100' })
      .reply(200, list([{ id: 'il_9' }, { id: 'il_8' }], true))
      .get('/v1/invoices/in_1/lines').query({ limit: '100', starting_after: 'il_8' })
      .reply(400, deletedCursor('il_8'))
      .get('/v1/invoices/in_1/lines').query({ limit: '100' })
      .reply(200, list([{ id: 'il_9' }, { id: 'il_7' }], true))
      .get('/v1/invoices/in_1/lines').query({ limit: '100', starting_after: 'il_7' })
      .reply(200, list([{ id: 'il_6' }], false));
    const { ids } = await collect('/v1/invoices/in_1/lines', {});
    expect(ids).toEqual(['il_9', 'il_8', 'il_7', 'il_6']);
  });

  it("a missing object without a cursor is an ordinary 400", async () => {
    nock(API).get('/v1/charges').query({ limit: '100' }).reply(400, deletedCursor('ch_x'));
    await expect(collect('/v1/charges', {})).rejects.toThrow(FatalApiError);
  });
});
