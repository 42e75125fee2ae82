import type { JsonObject } from '../streams';

/** A stream as announced to the target. */
export interface StreamAnnouncement {
  stream: string;
  schema: JsonObject;
  keyProperties: string[];
  bookmarkProperties: string[];
}

/** What the engine emits, whatever the protocol. */
export interface Output {
  schema(announcement: StreamAnnouncement): Promise<void>;
  record(stream: string, record: JsonObject, extractedAt: Date): Promise<void>;
  state(value: JsonObject): Promise<void>;
  close(): Promise<void>;
}
