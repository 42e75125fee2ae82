import { runPool } from './engine/scheduler';
import { AuthError, asTapError } from './errors';
import type { Logger } from './log';
import { columnsFor, metadataKeys } from './metadata-columns';
import { streamSchema } from './schemas';
import type { StripeClient } from './stripe/client';
import { isListObject, PAGE_SIZE } from './stripe/paginate';
import { STREAMS, type TopStreamDef } from './streams';

/**
 * Samples the newest page of every list stream that has `metadata` and returns the custom-field columns
 * to declare: stream → column → metadata key. Streams the key cannot read are left as they are.
 */
export async function discoverMetadataColumns(client: StripeClient, log: Logger, concurrency: number): Promise<Map<string, Map<string, string>>> {
  const found = new Map<string, Map<string, string>>();
  const streams = STREAMS.filter((d): d is TopStreamDef => d.kind === 'top' && d.replication !== 'snapshot'
    && streamSchema(d.name).properties?.['metadata'] !== undefined);
  await runPool(streams, concurrency, async (def) => {
    try {
      const page = await client.get(def.path, { ...(def.params ?? {}), limit: PAGE_SIZE }, { stream: def.name });
      const columns = columnsFor(isListObject(page) ? metadataKeys(page.data) : [], streamSchema(def.name));
      if (columns.size > 0) found.set(def.name, columns);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      log.info(`${def.name}: metadata keys not sampled (${asTapError(error).describe()})`);
    }
  });
  const total = [...found.values()].reduce((n, c) => n + c.size, 0);
  log.info(`discovered ${total} custom-field column(s) in ${found.size} stream(s)`);
  return found;
}
