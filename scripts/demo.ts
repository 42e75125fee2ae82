/**
 * `npm run demo`: the tap end to end without a Stripe account. Starts the fake Stripe API, runs the built CLI
 * for a full sync, adds a few objects and changes and deletes others, runs it again from the state, and prints
 * what each run emitted.
 * Output files go to .tap-stripe-demo/ (the records as JSON lines, the config, the state).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeStripe } from '../src/fake';
import { PACKAGE_ROOT } from '../src/paths';
import { runCli, totalRecords } from './cli-runner';

const OUT = join(PACKAGE_ROOT, '.tap-stripe-demo');
const showLog = (line: string): void => {
  if (/^(WARNING|ERROR)|sync finished/.test(line)) process.stderr.write(`  tap: ${line}\n`);
};

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const fake = await startFakeStripe();
  process.stderr.write(`fake Stripe API on ${fake.url}: ${fake.dataset.streams().length} streams of generated objects over 3 years\n`);
  const config = join(OUT, 'config.json');
  // The fake answers at once and never lags behind, so no lag and the highest request budget.
  writeFileSync(config, `${JSON.stringify({ api_key: fake.apiKey, api_base: fake.url, lag_seconds: 0, max_requests_per_second: 100, max_concurrency: 16 }, null, 2)}\n`);
  try {
    process.stderr.write('\n1) full sync: tap-stripe --config config.json > run-1.jsonl\n');
    const first = await runCli(['--config', config], { outFile: join(OUT, 'run-1.jsonl'), onLog: showLog });
    if (first.code !== 0) throw new Error(`the first run exited ${first.code}`);
    const state = join(OUT, 'state.json');
    writeFileSync(state, `${JSON.stringify(first.lastState)}\n`);

    const ds = fake.dataset;
    for (const stream of ['charges', 'charges', 'customers', 'invoices']) ds.createNow(stream);
    const customer = String(ds.objects('customers').at(-1)!['id']);
    ds.update('customers', customer, { email: 'changed@example.com' });
    const product = String(ds.objects('products').at(-1)!['id']);
    ds.remove('products', product);
    ds.clock.advance(2); // the changes are now before the run's end
    process.stderr.write(`\n2) new charges, a customer and an invoice; ${customer} changes email, ${product} is deleted:\n`);
    process.stderr.write('   tap-stripe --config config.json --state state.json > run-2.jsonl\n');
    const second = await runCli(['--config', config, '--state', state], { outFile: join(OUT, 'run-2.jsonl'), onLog: showLog });
    if (second.code !== 0) throw new Error(`the second run exited ${second.code}`);

    const streams = [...new Set([...first.records.keys(), ...second.records.keys()])].sort();
    const width = Math.max(...streams.map((s) => s.length));
    process.stdout.write(`\n${'stream'.padEnd(width)}  full sync  incremental\n`);
    for (const s of streams) {
      process.stdout.write(`${s.padEnd(width)}  ${String(first.records.get(s) ?? 0).padStart(9)}  ${String(second.records.get(s) ?? 0).padStart(11)}\n`);
    }
    process.stdout.write(`\nfull sync: ${totalRecords(first)} records in ${first.seconds.toFixed(1)}s; incremental: ${totalRecords(second)} records in ${second.seconds.toFixed(1)}s (full-table streams are re-read every run)\n`);
    const lines = readFileSync(join(OUT, 'run-2.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"RECORD"'));
    const changed = lines.map((l) => JSON.parse(l) as { stream: string; record: Record<string, unknown> })
      .filter((m) => m.record['id'] === customer || m.record['id'] === product);
    for (const m of changed) {
      const what = m.record['_sdc_deleted_at'] ? `tombstone (_sdc_deleted_at ${String(m.record['_sdc_deleted_at'])})` : `email ${String(m.record['email'])}, updated ${String(m.record['updated'])}`;
      process.stdout.write(`change capture: ${m.stream} ${String(m.record['id'])}: ${what}\n`);
    }
    process.stdout.write(`requests served by the fake: ${fake.stats.total}, all GET: ${fake.stats.nonGet === 0}\n`);
    process.stdout.write(`records, state and config are in ${OUT}\n`);
  } finally {
    await fake.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
