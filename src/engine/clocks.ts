/**
 * What the key's mode changes: test-mode-only streams are not read with a live key, and in test mode the
 * objects attached to test clocks (left out of their lists unless `test_clock=` is given) are read per clock.
 */
import type { Selection } from '../catalog';
import { AuthError, InterruptedError, asTapError } from '../errors';
import type { Logger } from '../log';
import { rootOf } from '../streams';
import type { StripeClient } from '../stripe/client';
import { listPages } from '../stripe/paginate';
import type { Family, Task } from './family';
import { wholeWindow } from './windows';

/** Stripe's test clocks list (test mode only). */
const TEST_CLOCKS_PATH = '/v1/test_helpers/test_clocks';

/** The selections to read with this key: without the test-mode-only streams when the key is live (one INFO line each). */
export function readableInMode(selections: readonly Selection[], livemode: boolean, log: Logger): Selection[] {
  if (!livemode) return [...selections];
  return selections.filter((s) => {
    if (!rootOf(s.def).testModeOnly) return true;
    log.info(`${s.def.name}: exists in test mode only; not read with a live key`);
    return false;
  });
}

/**
 * In test mode, one task per test clock for each family whose root lists test-clock objects only on request
 * (customers, subscriptions, quotes: the spec's `test_clock` parameter says "the response will not include
 * [them] with test clocks if this parameter is not set"). No clocks, or a key that may not list them: none.
 */
export async function testClockTasks(
  families: readonly Family[], livemode: boolean, client: StripeClient, log: Logger,
): Promise<Task[]> {
  const needing = families.filter((f) => f.root.testClocks);
  if (livemode || needing.length === 0) return [];
  const clocks: string[] = [];
  try {
    for await (const page of listPages(client, TEST_CLOCKS_PATH, {}, { stream: 'test_clocks' })) {
      for (const clock of page.data) if (typeof clock['id'] === 'string') clocks.push(clock['id']);
    }
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof InterruptedError) return [];
    log.warn(`could not list the test clocks (${asTapError(error).describe()}); objects attached to test clocks are not read`);
    return [];
  }
  if (clocks.length > 0) log.info(`${needing.map((f) => f.root.name).join(', ')}: also reading the objects of ${clocks.length} test clock(s)`);
  return needing.flatMap((family) => clocks.map((testClock) => ({ family, window: wholeWindow(), testClock })));
}
