import type { Selection } from '../catalog';
import { fillColumns } from '../metadata-columns';
import type { Output } from '../protocol/output';
import type { JsonObject } from '../streams';
import { toRfc3339 } from '../time';
import type { Logger } from '../log';
import { TypeDrift } from './drift';
import { childOnlyFields, publishedName } from './family';
import { compileConform, dropFields, type Conform } from './transform';

/** The column Singer targets hard- or soft-delete on: set (RFC3339) on tombstones only. */
export const DELETED_AT = '_sdc_deleted_at';
/** When this version of the object was current: the event's time for changes, `created` for history. */
export const UPDATED = 'updated';
const NONE: ReadonlySet<string> = new Set();

interface Shape {
  stream: string;
  conform: Conform;
  /** Top-level fields never emitted: expanded only for the children, or deselected in the catalog. */
  cleared: ReadonlySet<string>;
}

/**
 * Turns Stripe objects into records of a selected stream and hands them to the output: the schema's shape
 * (timestamps, collapsed expansions), custom-field columns, the `updated` column, field selection. Counts
 * what each stream emitted. The one place records are made, for history and change capture alike.
 */
export class Emitter {
  readonly records = new Map<string, number>();
  readonly tombstones = new Map<string, number>();
  /** Records and tombstones of every stream. */
  total = 0;

  /** What does not depend on the record, worked out once per selection. */
  private readonly shapes = new WeakMap<Selection, Shape>();
  /** Values of a type their schema does not allow: emitted as they came, one warning per stream and field. */
  private readonly drift: TypeDrift | undefined;

  constructor(private readonly output: Output, private readonly now: () => Date, log?: Pick<Logger, 'warn'>) {
    this.drift = log && new TypeDrift((message) => log.warn(message));
  }

  private shapeOf(selection: Selection): Shape {
    let shape = this.shapes.get(selection);
    if (!shape) {
      const def = selection.def;
      shape = {
        stream: publishedName(def),
        conform: compileConform(selection.schema),
        cleared: new Set([...(def.kind === 'top' ? childOnlyFields(def, selection.schema) : NONE), ...selection.deselected]),
      };
      this.shapes.set(selection, shape);
    }
    return shape;
  }

  /**
   * A record of the object; `updated` (unix seconds) fills the `updated` column. The record is handed to the
   * output before this returns; the promise says when the output can take more (backpressure).
   */
  record(selection: Selection, object: JsonObject, updated: number | undefined, extractedAt = this.now()): Promise<void> {
    const shape = this.shapeOf(selection);
    const conformed = shape.conform(object) as JsonObject;
    // a top level of its own (the object itself is never changed: its children are read from it next)
    const record = conformed === object ? { ...object } : conformed;
    // Stripe's own `updated` (products, portal configurations) is the better value where the object has it
    if (updated !== undefined && Number.isFinite(updated) && typeof object[UPDATED] !== 'number') record[UPDATED] = toRfc3339(updated);
    fillColumns(record, selection.metadataColumns);
    // left out (undefined is not serialized): fields expanded only for children, and deselected fields
    for (const field of shape.cleared) if (record[field] !== undefined) record[field] = undefined;
    this.drift?.check(shape.stream, record, selection.schema);
    this.records.set(shape.stream, (this.records.get(shape.stream) ?? 0) + 1);
    this.total += 1;
    return this.output.record(shape.stream, record, extractedAt);
  }

  /**
   * A tombstone: the key, `_sdc_deleted_at` and `updated` at the deletion time, plus the fields of the last
   * version where one is known exactly (`last`).
   */
  async tombstone(selection: Selection, key: JsonObject, deletedAt: number, last: JsonObject = {}): Promise<void> {
    const { stream, conform, cleared } = this.shapeOf(selection);
    const time = toRfc3339(deletedAt);
    const record = dropFields({ ...(conform(last) as JsonObject), ...key, [UPDATED]: time, [DELETED_AT]: time }, cleared);
    this.records.set(stream, (this.records.get(stream) ?? 0) + 1);
    this.tombstones.set(stream, (this.tombstones.get(stream) ?? 0) + 1);
    this.total += 1;
    await this.output.record(stream, record, this.now());
  }
}
