import type { Selection } from '../catalog';
import type { Logger } from '../log';
import { fillColumns } from '../metadata-columns';
import type { Output } from '../protocol/output';
import type { JsonObject } from '../streams';
import { toRfc3339 } from '../time';
import { TypeDrift } from './drift';
import { childOnlyFields, publishedName } from './family';
import { conformToSchema, dropFields } from './transform';

/** The column Singer targets hard- or soft-delete on: set (RFC3339) on tombstones only. */
export const DELETED_AT = '_sdc_deleted_at';
/** When this version of the object was current: the event's time for changes, `created` for history. */
export const UPDATED = 'updated';
const NONE: ReadonlySet<string> = new Set();

/**
 * Turns Stripe objects into records of a selected stream and hands them to the output: the schema's shape
 * (timestamps, collapsed expansions), custom-field columns, the `updated` column, field selection. Counts
 * what each stream emitted. The one place records are made, for history and change capture alike.
 */
export class Emitter {
  readonly records = new Map<string, number>();
  readonly tombstones = new Map<string, number>();

  private readonly stripped = new Map<string, ReadonlySet<string>>();
  /** Values of a type their schema does not allow: emitted as they came, one warning per stream and field. */
  private readonly drift: TypeDrift | undefined;

  constructor(private readonly output: Output, private readonly now: () => Date, log?: Pick<Logger, 'warn'>) {
    this.drift = log && new TypeDrift((message) => log.warn(message));
  }

  private childOnly(selection: Selection): ReadonlySet<string> {
    const def = selection.def;
    if (def.kind !== 'top') return NONE;
    let fields = this.stripped.get(def.name);
    if (!fields) this.stripped.set(def.name, (fields = childOnlyFields(def, selection.schema)));
    return fields;
  }

  /** A record of the object; `updated` (unix seconds) fills the `updated` column. */
  async record(selection: Selection, object: JsonObject, updated: number | undefined, extractedAt = this.now()): Promise<void> {
    const { def, schema, deselected, metadataColumns } = selection;
    const conformed = conformToSchema(object, schema) as JsonObject;
    for (const field of this.childOnly(selection)) delete conformed[field];
    // Stripe's own `updated` (products, portal configurations) is the better value where the object has it
    if (updated !== undefined && Number.isFinite(updated) && typeof object[UPDATED] !== 'number') conformed[UPDATED] = toRfc3339(updated);
    const record = dropFields(fillColumns(conformed, metadataColumns), deselected);
    const stream = publishedName(def);
    this.drift?.check(stream, record, schema);
    this.records.set(stream, (this.records.get(stream) ?? 0) + 1);
    await this.output.record(stream, record, extractedAt);
  }

  /**
   * A tombstone: the key, `_sdc_deleted_at` and `updated` at the deletion time, plus the fields of the last
   * version where one is known exactly (`last`).
   */
  async tombstone(selection: Selection, key: JsonObject, deletedAt: number, last: JsonObject = {}): Promise<void> {
    const { def, schema, deselected } = selection;
    const conformed = conformToSchema(last, schema) as JsonObject;
    const time = toRfc3339(deletedAt);
    const record = dropFields({ ...conformed, ...key, [UPDATED]: time, [DELETED_AT]: time }, deselected);
    const stream = publishedName(def);
    this.records.set(stream, (this.records.get(stream) ?? 0) + 1);
    this.tombstones.set(stream, (this.tombstones.get(stream) ?? 0) + 1);
    await this.output.record(stream, record, this.now());
  }
}
