import type { Selection } from '../catalog';
import { fillColumns } from '../metadata-columns';
import type { Output } from '../protocol/output';
import { childOnlyFields, type JsonObject, type StreamDef } from '../streams';
import { toRfc3339 } from '../time';
import { conformToSchema, dropFields } from './transform';

/** The column Singer targets hard- or soft-delete on: set (RFC3339) on tombstones only. */
export const DELETED_AT = '_sdc_deleted_at';
/** When this version of the object was current: the event's time for changes, `created` for history. */
export const UPDATED = 'updated';

/**
 * Turns Stripe objects into records of a selected stream and hands them to the output: the schema's shape
 * (timestamps, collapsed expansions), custom-field columns, the `updated` column, field selection. Counts
 * what each stream emitted. The one place records are made, for history and change capture alike.
 */
export class Emitter {
  readonly records = new Map<string, number>();
  readonly tombstones = new Map<string, number>();

  private readonly stripped = new Map<string, string[]>();

  constructor(private readonly output: Output, private readonly now: () => Date) {}

  private childOnly(def: StreamDef): string[] {
    if (def.kind !== 'top') return [];
    let fields = this.stripped.get(def.name);
    if (!fields) this.stripped.set(def.name, (fields = childOnlyFields(def)));
    return fields;
  }

  /** A record of the object; `updated` (unix seconds) fills the `updated` column. */
  async record(selection: Selection, object: JsonObject, updated: number | undefined, extractedAt = this.now()): Promise<void> {
    const { def, schema, deselected, metadataColumns } = selection;
    const conformed = conformToSchema(object, schema) as JsonObject;
    for (const field of this.childOnly(def)) delete conformed[field];
    // Stripe's own `updated` (products, portal configurations) is the better value where the object has it
    if (updated !== undefined && Number.isFinite(updated) && typeof object[UPDATED] !== 'number') conformed[UPDATED] = toRfc3339(updated);
    const record = dropFields(fillColumns(conformed, metadataColumns), deselected);
    this.records.set(def.name, (this.records.get(def.name) ?? 0) + 1);
    await this.output.record(def.name, record, extractedAt);
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
    this.records.set(def.name, (this.records.get(def.name) ?? 0) + 1);
    this.tombstones.set(def.name, (this.tombstones.get(def.name) ?? 0) + 1);
    await this.output.record(def.name, record, this.now());
  }
}
