/**
 * The fake Stripe API for the benchmarks, in a worker thread of its own: the sink that parses the tap's
 * output then never delays the fake's answers, nor do its garbage collections. A fake whose event loop stalls
 * for a tenth of a second stamps the requests that arrived meanwhile all at once, and its rolling-second
 * limit counts them so. Scenarios that need the fake's data (its ground truth, changes) run it in-process.
 */
import { once } from 'node:events';
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

/** The dataset is built: its garbage is collected now rather than in the middle of a run. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function inProcess(fake: FakeStripe): Server {
  collectGarbage();
  return {
    url: fake.url, apiKey: fake.apiKey,
    counts: () => Promise.resolve({ total: fake.stats.total, rateLimited: fake.stats.rateLimited }),
    close: () => fake.close(),
  };
}

export async function inWorker(options: FakeStripeOptions): Promise<Server> {
  const worker = new Worker(__filename, { workerData: options });
  // the worker's next message (rejects on its 'error'; no listener is left behind)
  const next = async (): Promise<Reply> => ((await once(worker, 'message')) as [Reply])[0];
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
    collectGarbage();
    port.on('message', (message: string) => {
      if (message === 'counts') port.postMessage({ total: fake.stats.total, rateLimited: fake.stats.rateLimited });
      if (message === 'close') void fake.close().then(() => port.close());
    });
    port.postMessage({ url: fake.url, apiKey: fake.apiKey });
  });
}
