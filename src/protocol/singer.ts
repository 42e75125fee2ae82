import type { JsonObject } from '../streams';
import type { Output, StreamAnnouncement } from './output';
import { MessageWriter } from './writer';

/** Singer messages: SCHEMA, RECORD (with time_extracted) and STATE. */
export class SingerOutput implements Output {
  constructor(private readonly writer: MessageWriter = new MessageWriter()) {}

  schema(a: StreamAnnouncement): Promise<void> {
    return this.writer.write({
      type: 'SCHEMA', stream: a.stream, schema: a.schema, key_properties: a.keyProperties,
      bookmark_properties: a.bookmarkProperties,
    });
  }

  record(stream: string, record: JsonObject, extractedAt: Date): Promise<void> {
    return this.writer.write({ type: 'RECORD', stream, record, time_extracted: extractedAt.toISOString() });
  }

  state(value: JsonObject): Promise<void> {
    return this.writer.write({ type: 'STATE', value });
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
