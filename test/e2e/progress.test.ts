/** Singer mode: progress and the summary on stderr, a clear line for a state that reads nothing, check's detail. */
import type { FakeStripe } from '../../src/fake';
import { catalogFile, fakeAccount } from './fake';
import { jsonFile, logLines, records, runTap } from './tap';

let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.2 }));
});
afterAll(() => fake.close());

describe('Singer mode progress', () => {
  it('each stream starts and completes with its count; a summary table ends the run', async () => {
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges', 'tax_codes'])]);
    expect(run.code).toBe(0);
    const lines = logLines(run);
    const charges = fake.dataset.count('charges');
    expect(lines).toContain('INFO charges: started');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^INFO charges: completed: ${charges} records in \\d+\\.\\d+s$`)));
    const table = lines.slice(lines.indexOf('INFO summary:') + 1);
    expect(table[0]).toMatch(/^INFO stream +records +duration +status$/);
    expect(table[1]).toMatch(new RegExp(`^INFO charges +${charges} +\\d+\\.\\d+s +completed$`));
    expect(table[3]).toMatch(/^INFO total +\d+ +\d+\.\d+s +\d+ requests, 0 retries$/);
  });

  it('a bookmark of a stream it does not have is not used, with a warning', async () => {
    const state = jsonFile({ version: 2, bookmarks: { gone_stream: { created: '2024-01-01T00:00:00Z' } } });
    const run = await runTap(['--config', config, '--catalog', catalogFile(['charges']), '--state', state]);
    expect(run.code).toBe(0);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
    expect(logLines(run)).toContainEqual(expect.stringMatching(/^WARNING state: "gone_stream" is not a tap-stripe stream/));
  });

  it('check with a restricted key lists what it cannot read', async () => {
    const key = 'rk_test_restricted_0123456789';
    const before = fake.apiKey;
    fake.setOptions({ apiKey: key, restrictedPaths: ['/v1/invoices'] });
    try {
      const run = await runTap(['check', '--config', config], { env: { TAP_STRIPE_API_KEY: key } });
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/INFO connection OK: .*it cannot read invoice_discounts \(needs rak_invoice_read, read with invoices\), invoice_lines .*, invoices \(needs rak_invoice_read\)/);
      expect(run.stderr).not.toContain(key);
    } finally {
      fake.setOptions({ apiKey: before, restrictedPaths: [] });
    }
  });
});
