/**
 * Runs the fake Stripe API until SIGINT/SIGTERM:
 *   node dist/src/fake/main.js [--port N] [--seed N] [--scale X] [--latency-ms N] [--rate-limit N] [--legacy]
 *     [--disable Issuing,Treasury]
 * Prints the URL and the fake's own API key (not a secret) on stdout.
 */
import { startFakeStripe, type FakeStripeOptions } from './server';

function parseArgs(argv: readonly string[]): FakeStripeOptions {
  const opts: FakeStripeOptions = {};
  const num = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag = '', inline] = (argv[i] ?? '').split('=', 2);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': opts.port = num(flag, value()); break;
      case '--seed': opts.seed = num(flag, value()); break;
      case '--scale': opts.scale = num(flag, value()); break;
      case '--latency-ms': opts.latencyMs = num(flag, value()); break;
      case '--rate-limit': opts.rateLimit = { perSecond: num(flag, value()) }; break;
      case '--legacy': opts.legacyAvailable = true; break;
      case '--disable': opts.disabledFeatures = (value() ?? '').split(',').filter(Boolean); break;
      case '--help':
      case '-h':
        process.stdout.write('usage: main.js [--port N] [--seed N] [--scale X] [--latency-ms N] [--rate-limit N] [--legacy] [--disable A,B]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const fake = await startFakeStripe(parseArgs(process.argv.slice(2)));
  const objects = fake.dataset.streams().reduce((n, s) => n + fake.dataset.store.top(s).list.size, 0);
  process.stdout.write(`fake Stripe API listening on ${fake.url}\n`);
  process.stdout.write(`API key: ${fake.apiKey}\n`);
  process.stdout.write(`${objects} top-level objects in ${fake.dataset.streams().length} streams (seed ${fake.dataset.seed})\n`);
  const stop = (): void => {
    setTimeout(() => process.exit(0), 1000).unref();
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
