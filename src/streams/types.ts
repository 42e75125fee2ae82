/**
 * Stream declarations: what a stream is, never how it is synced.
 * The engine reads these; the schema generator and the fake Stripe API read them too.
 */

export type JsonObject = Record<string, unknown>;

/** How a top-level stream is read. */
export type Replication =
  /** ascending `created[gte]/[lt]` windows, bookmarked on `created` */
  | 'created'
  /** the whole list every run (the endpoint has no `created` filter) */
  | 'full'
  /** one object (not a list) per run, stamped with the sync time */
  | 'snapshot';

interface BaseDef {
  /** Stream name as the tap publishes it (the seed's table name where the seed names one). */
  name: string;
  /** One sentence for the catalog docs and the README's streams table. */
  description: string;
  /** OpenAPI component schema the records follow (e.g. `charge`), or a hand-written one in `scripts/legacy-schemas.json`. */
  resource: string;
  keyProperties: string[];
  /** Properties the tap adds to each record, beyond the resource's (declared in the schema). */
  extraProperties?: Record<string, JsonObject>;
  /** Expandable fields the stream keeps expanded (as objects) in its records, relative to the object (e.g. `discounts`). */
  expandedFields?: string[];
  /** A Stripe product that must be enabled on the account (Issuing, Treasury …): its absence ends the stream quietly. */
  feature?: string;
  /** Removed Stripe API: a 404 ends the stream with one warning naming the replacement. */
  legacy?: { replacement: string };
  /**
   * The endpoint that retrieves one object (`{id}`; `{parent}` for a child), used by change capture to re-read a
   * changed object. Top streams default to `<path>/{id}`; a child without one is re-read through its parent.
   */
  retrieve?: string;
}

export interface TopStreamDef extends BaseDef {
  kind: 'top';
  /** Endpoint: a list for `created`/`full`, the object for `snapshot`. */
  path: string;
  replication: Replication;
  /** Fixed list parameters (e.g. `{status: 'all'}`). */
  params?: Record<string, string>;
  /** `expand[]` values sent on every list request (e.g. `data.tiers`). */
  expand?: string[];
  /** The record field the `created` filter applies to, when it is not `created` (invoice items: `date`). */
  replicationKey?: string;
  /**
   * A full-table stream whose objects Stripe deletes without an event (it has a DELETE endpoint): the tap keeps
   * the ids it emitted in the state and tombstones the ones a later run no longer lists.
   */
  deletable?: boolean;
  /**
   * Streams whose records name objects of this one in `field`: they are read from there too, because this
   * stream's own list misses some (reviews: the list holds only open ones). The other stream's list expands
   * the field (`expand[]=data.<field>`), so no request is added; the other stream is read even when it is
   * not selected (not emitted then), and each such read has its own bookmark, `<stream>_from_<parent>`.
   */
  alsoFrom?: { parent: string; field: string }[];
  /** Exists in test mode only (test clocks): skipped quietly with a live key. */
  testModeOnly?: boolean;
  /**
   * In test mode, the list leaves out objects that belong to a test clock unless `test_clock=` is given:
   * they are read once per test clock, whole (their `created` follows the clock, which may be ahead of now).
   */
  testClocks?: boolean;
}

/** Where a child stream's records come from, inside or beside their parent object. */
export type ChildSource =
  /**
   * An embedded list object (`{object:'list', data, has_more}`) at `field` of the parent.
   * When `has_more` is true the rest is paged from `path` (`{parent}` is the parent's id), on from the last
   * embedded item; `expand`: `expand[]` values sent with those pages (the embedded items get them through
   * the parent's `parentExpand`).
   */
  | { kind: 'list'; field: string; path: string; expand?: string[] }
  /**
   * A list endpoint per parent (`{parent}` is the parent's id); nothing embedded. `unpaged`: it takes no paging
   * parameters; `expand`: `expand[]` values sent with it (e.g. `data.discounts`).
   */
  | { kind: 'endpoint'; path: string; params?: Record<string, string>; unpaged?: boolean; expand?: string[] }
  /** A plain array at `field` of the parent; each item becomes a record (ids-only items become `{id}`). */
  | { kind: 'array'; field: string }
  /**
   * The object expanded at `field` of the parent, as it is; when the field holds only an id (a server that did
   * not expand it), the object is retrieved at `path` (`{id}`); nothing when the field is empty.
   */
  | { kind: 'expanded'; field: string; path: string }
  /** Anything else: a function from the parent object to the child objects. */
  | { kind: 'extract'; extract: (parent: JsonObject) => JsonObject[] };

export interface ChildStreamDef extends BaseDef {
  kind: 'child';
  /** The stream its records are published in, when not its own name (a top stream's `alsoFrom` reads). */
  stream?: string;
  /** Name of the parent stream (a top stream). */
  parent: string;
  /** Column that carries the parent's id on every child record. */
  parentKey: string;
  /** Column holding the item's position in its parent, when the items have no id of their own. */
  indexKey?: string;
  source: ChildSource;
  /** `expand[]` values the parent's list request needs so that the source is present (e.g. `data.sources`). */
  parentExpand?: string[];
  /** Only parents for which this holds have children to read (e.g. only automatic payouts list their transactions). */
  when?: (parent: JsonObject) => boolean;
  /**
   * Why Stripe will not serve this parent's children (e.g. a connected account the platform does not control),
   * or undefined. Such parents are passed over without a request and counted; the stream's bookmark moves on.
   */
  unreadable?: (parent: JsonObject) => string | undefined;
  /** The parents `when` and `unreadable` leave, in words, for the README's request costs (e.g. `automatic payouts`). */
  readFor?: string;
}

export type StreamDef = TopStreamDef | ChildStreamDef;
