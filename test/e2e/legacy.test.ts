/** The legacy Orders/SKUs tables: read where the account still has the API, one warning where it does not. */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FakeStripe } from '../../src/fake';
import { catalogFile, fakeAccount } from './fake';
import { logLines, records, runTap } from './tap';

const LEGACY = ['orders', 'order_items', 'returns', 'return_order_items', 'skus'];
let fake: FakeStripe;
let config: string;

beforeAll(async () => {
  ({ fake, config } = await fakeAccount({ scale: 0.5 }));
});
afterAll(() => fake.close());

describe('legacy seed tables', () => {
  it('are read completely, and valid, where Stripe still serves them', async () => {
    fake.setOptions({ legacyAvailable: true });
    const run = await runTap(['--config', config, '--catalog', catalogFile(LEGACY)]);
    expect(run.code).toBe(0);
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const stream of LEGACY) {
      const rows = records(run, stream);
      expect({ stream, count: rows.length }).toEqual({ stream, count: fake.dataset.count(stream) });
      const validate = ajv.compile(run.messages.find((m) => m.type === 'SCHEMA' && m.stream === stream)!.schema!);
      for (const row of rows) expect({ stream, valid: validate(row), errors: validate.errors ?? null }).toEqual({ stream, valid: true, errors: null });
    }
    expect(logLines(run).filter((l) => l.startsWith('WARNING'))).toEqual([]);
  });

  it('end with one warning each where Stripe answers 404, and the run goes on', async () => {
    fake.setOptions({ legacyAvailable: false });
    const run = await runTap(['--config', config, '--properties', catalogFile([...LEGACY, 'charges'])]); // the legacy flag name
    expect(run.code).toBe(0);
    const warnings = logLines(run).filter((l) => l.startsWith('WARNING'));
    expect(warnings).toHaveLength(3);
    expect(warnings.every((w) => w.includes('removed legacy API'))).toBe(true);
    expect(records(run, 'charges')).toHaveLength(fake.dataset.count('charges'));
    for (const stream of LEGACY) expect(records(run, stream)).toHaveLength(0);
  });
});
