import { Logger, type Level } from '../src/log';
import { StripeClient, type ClientOptions } from '../src/stripe/client';

/** A logger that keeps its lines, for assertions. */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = new Logger((level: Level, line: string) => lines.push(`${level} ${line}`));
  return { log, lines };
}

export const TEST_KEY = 'sk_test_unit_0123456789abcdef';

export function testClient(overrides: Partial<ClientOptions> = {}): { client: StripeClient; lines: string[] } {
  const { log, lines } = memoryLogger();
  log.addSecret(overrides.apiKey ?? TEST_KEY);
  const client = new StripeClient({
    apiKey: TEST_KEY,
    timeoutSeconds: 5,
    maxRequestsPerSecond: 1000,
    maxConcurrency: 4,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    version: 'test',
    ...overrides,
  }, log);
  return { client, lines };
}
