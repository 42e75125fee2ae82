/** Progress lines: started, records so far at most every few seconds per stream, completed, the summary. */
import type { Output } from '../src/protocol/output';
import { ProgressOutput } from '../src/protocol/progress';
import { memoryLogger } from './helpers';

const quiet: Output = {
  schema: () => Promise.resolve(),
  record: () => Promise.resolve(),
  state: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

describe('progress', () => {
  it('says when each stream starts, how far it is at most every interval, and how it ended', async () => {
    let now = 1_000_000;
    const { log, lines } = memoryLogger();
    const progress = new ProgressOutput(quiet, log, { intervalMs: 5000, now: () => now });
    await progress.started(['charges', 'refunds', 'skus']);
    for (let i = 0; i < 30; i += 1) {
      now += 1000; // a record a second for 30 s: a line at most every 5 s
      await progress.record('charges', { id: i }, new Date(now));
    }
    await progress.record('refunds', { id: 'r' }, new Date(now));
    now += 2000;
    await progress.state({ bookmarks: { charges: { created: 'x' } } }); // the bookmark moved: charges was busy until now
    now += 4000;
    await progress.finished([{ stream: 'charges', complete: true }, { stream: 'refunds', complete: false }, { stream: 'skus', complete: true }]);
    progress.summary({ requests: 12, retries: 3 });
    expect(lines.slice(0, 3)).toEqual(['INFO charges: started', 'INFO refunds: started', 'INFO skus: started']);
    expect(lines.filter((l) => l.includes('charges: ') && l.includes('so far'))).toEqual([5, 10, 15, 20, 25, 30].map((n) => `INFO charges: ${n} records so far`));
    expect(lines).toContain('INFO charges: completed: 30 records in 32.0s');
    expect(lines).toContain('INFO refunds: incomplete: 1 records in 30.0s before it stopped (see the warning above)');
    expect(lines).toContain('INFO skus: completed: 0 records');
    const table = lines.slice(lines.indexOf('INFO summary:') + 1);
    expect(table).toEqual([
      'INFO stream     records   duration  status',
      'INFO charges         30      32.0s  completed',
      'INFO refunds          1      30.0s  incomplete',
      'INFO skus             0          -  completed',
      'INFO total           31      36.0s  12 requests, 3 retries',
    ]);
  });
});
