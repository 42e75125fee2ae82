/**
 * Reading the children of the parents a window listed: which child streams are still read (a key may lack the
 * permission for one), which parents are passed over (Stripe does not serve their children, or refused them
 * for that parent only), and how many requests the children of one page cost.
 */
import { PermissionError, asTapError, type TapError } from '../errors';
import type { Logger } from '../log';
import type { ChildStreamDef, JsonObject } from '../streams';
import type { StripeClient } from '../stripe/client';
import type { ListClient } from '../stripe/paginate';
import { childObjects } from './children';
import { childErrorAction } from './classify';
import { familyExpand, type Family, type Member } from './family';

export type ChildMember = Member & { def: ChildStreamDef };

/** How many "children of this parent passed over" warnings a stream prints before only counting them. */
const PARENT_WARNINGS = 3;

export class ChildReader {
  /** Child streams skipped for the rest of the run (the key may not read them): their bookmarks stay. */
  readonly skipped = new Set<string>();
  /** Per child stream: parents whose children could not be read (400/404 …), passed over with a warning. */
  private readonly passedOver = new Map<string, number>();
  /** Per child stream and reason: parents whose children Stripe does not serve, passed over without a request. */
  private readonly unreadable = new Map<string, number>();

  constructor(
    private readonly client: StripeClient, private readonly log: Logger,
    /** A child stream stopped before reading everything. */
    private readonly incomplete: (stream: string) => void,
  ) {}

  /** The family's children still read. */
  active(family: Family): ChildMember[] {
    return family.children.filter((c) => !this.skipped.has(c.def.name));
  }

  /**
   * Emits the children of one page's parents (all parents at once: their requests queue at the client's
   * limiter) and returns the requests they took. `updated` of a child: its own `created`, else its parent's;
   * the parent's when the parents are read as of the read (`asOfRead`: full-table, test clocks).
   */
  async page(
    children: readonly ChildMember[], parents: readonly JsonObject[], updatedOf: (parent: JsonObject) => number | undefined,
    asOfRead: boolean, emit: (member: Member, object: JsonObject, updated: number | undefined) => Promise<void>,
  ): Promise<number> {
    if (children.length === 0 || parents.length === 0) return 0;
    const counted = { requests: 0 };
    const client: ListClient = {
      log: this.client.log,
      get: (path, query, context) => {
        counted.requests += 1;
        return this.client.get(path, query, context);
      },
    };
    const results = await Promise.allSettled(parents.map(async (parent) => {
      const parentUpdated = updatedOf(parent);
      for (const child of children) {
        await this.one(child, parent, client, (item) => {
          const own = item['created'];
          return emit(child, item, asOfRead || typeof own !== 'number' ? parentUpdated : own);
        });
      }
    }));
    // like Promise.all, but no work is left running when the first failure is rethrown
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return counted.requests;
  }

  private async one(child: ChildMember, parent: JsonObject, client: ListClient, emit: (item: JsonObject) => Promise<void>): Promise<void> {
    const name = child.def.name;
    if (this.skipped.has(name)) return;
    const unreadable = child.def.unreadable?.(parent);
    if (unreadable) {
      this.unreadable.set(`${name}: ${unreadable}`, (this.unreadable.get(`${name}: ${unreadable}`) ?? 0) + 1);
      return;
    }
    try {
      for await (const items of childObjects(child.def, parent, client, { stream: name })) {
        for (const item of items) await emit(item);
      }
    } catch (raw) {
      const error = asTapError(raw);
      const action = childErrorAction(error);
      if (action === 'fail') throw error;
      if (action === 'skip-stream') this.skip(name, error.describe());
      else this.passOver(name, String(parent['id']), error);
    }
  }

  private skip(name: string, why: string): void {
    if (this.skipped.has(name)) return;
    this.skipped.add(name);
    this.incomplete(name);
    this.log.warn(`${name}: skipped: ${why}; grant the key read access to include it (its state stays where it was)`);
  }

  private passOver(name: string, parentId: string, error: TapError): void {
    const count = (this.passedOver.get(name) ?? 0) + 1;
    this.passedOver.set(name, count);
    if (count <= PARENT_WARNINGS) this.log.warn(`${name}: children of ${parentId} passed over: ${error.describe()}`);
  }

  /**
   * Which of the children's expansions the key may not use: one small request per expansion tells. The
   * children behind a refused one are skipped; if none is refused alone, all of them are.
   */
  async skipRefusedExpansions(family: Family, expanding: readonly ChildMember[], error: PermissionError): Promise<void> {
    const refused: ChildMember[] = [];
    for (const child of expanding) {
      const expand = familyExpand(family.root, [child.def]);
      try {
        await this.client.get(family.root.path, { ...(family.root.params ?? {}), limit: 1, 'expand[]': expand }, { stream: family.root.name });
      } catch (probe) {
        if (!(probe instanceof PermissionError)) throw probe;
        refused.push(child);
      }
    }
    for (const child of refused.length > 0 ? refused : expanding) {
      this.skip(child.def.name, `${family.root.name} with expand[]=${(child.def.parentExpand ?? []).join(',')}: ${error.describe()}`);
    }
  }

  /** The counts behind repeated warnings, for the end of the run. */
  summarize(): void {
    for (const [what, count] of this.unreadable) this.log.info(`${what}: ${count} parent(s) passed over`);
    for (const [stream, count] of this.passedOver) this.log.warn(`${stream}: the children of ${count} parent(s) could not be read and were passed over`);
  }
}
