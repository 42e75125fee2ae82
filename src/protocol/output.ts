import type { JsonObject } from '../streams';

/** A stream as announced to the target. */
export interface StreamAnnouncement {
  stream: string;
  schema: JsonObject;
  keyProperties: string[];
  bookmarkProperties: string[];
}

/** How a selected stream ended: complete, or not (it failed, or the key may not read it). */
export interface StreamOutcome {
  stream: string;
  complete: boolean;
}

/** What the engine emits, whatever the protocol. */
export interface Output {
  schema(announcement: StreamAnnouncement): Promise<void>;
  record(stream: string, record: JsonObject, extractedAt: Date): Promise<void>;
  state(value: JsonObject): Promise<void>;
  /** The run starts reading these streams (every selected one), before its first request. */
  started?(streams: string[]): Promise<void>;
  /** The run is over: how each selected stream ended. Called once, as the last thing a sync does. */
  finished?(outcomes: StreamOutcome[]): Promise<void>;
  close(): Promise<void>;
}
