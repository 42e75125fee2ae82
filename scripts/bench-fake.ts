/**
 * The fake Stripe API for the benchmarks, in a worker thread of its own: the sink that parses the tap's
 * output then never delays the fake's answers, nor do its garbage collections. A fake whose event loop stalls
 * for a tenth of a second stamps the requests that arrived meanwhile all at once, and its rolling-second
 * limit counts them so. Scenarios that need the fake's data (its ground truth, changes) run it in-process.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../src/fake';

/** What the benchmarks need of a fake: where it is, and how many requests it answered (429s among them). */
export interface Server {
  url: string;
  apiKey: string;
  counts(): Promise<{ total: number; rateLimited: number }>;
  close(): Promise<void>;
}

type Reply = { url: string; apiKey: string } | { total: number; rateLimited: number };

function collect(fake: FakeStripe): void {
  // the dataset is built: collect its garbage now rather than in the middle of a run
  (globalThis as { gc?: () => void }).gc?.();
  void fake;
}

export function inProcess(fake: FakeStripe): Server {
  collect(fake);
  return {
    url: fake.url, apiKey: fake.apiKey,
    counts: () => Promise.resolve({ total: fake.stats.total, rateLimited: fake.stats.rateLimited }),
    close: () => fake.close(),
  };
}

export async function inWorker(options: FakeStripeOptions): Promise<Server> {
  const worker = new Worker(__filename, { workerData: options });
  const next = (): Promise<Reply> => new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ready = (await next()) as { url: string; apiKey: string };
  return {
    url: ready.url, apiKey: ready.apiKey,
    counts: async () => {
      const reply = next();
      worker.postMessage('counts');
      return (await reply) as { total: number; rateLimited: number };
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void startFakeStripe(workerData as FakeStripeOptions).then((fake) => {
    collect(fake);
    port.on('message', (message: string) => {
      if (message === 'counts') port.postMessage({ total: fake.stats.total, rateLimited: fake.stats.rateLimited });
      if (message === 'close') void fake.close().then(() => port.close());
    });
    port.postMessage({ url: fake.url, apiKey: fake.apiKey });
  });
}
