import type { JsonObject } from '../streams';
import { IsoTimes, recordPrefix } from './lines';
import type { Output, StreamAnnouncement } from './output';
import { MessageWriter } from './writer';

/** Singer messages: SCHEMA, RECORD (with time_extracted) and STATE. */
export class SingerOutput implements Output {
  private readonly prefixes = new Map<string, string>();
  private readonly times = new IsoTimes();

  constructor(private readonly writer: MessageWriter = new MessageWriter()) {}

  schema(a: StreamAnnouncement): Promise<void> {
    return this.writer.write({
      type: 'SCHEMA', stream: a.stream, schema: a.schema, key_properties: a.keyProperties,
      bookmark_properties: a.bookmarkProperties,
    });
  }

  /** `{"type":"RECORD","stream":…,"record":…,"time_extracted":…}`: only the record is serialized per record. */
  record(stream: string, record: JsonObject, extractedAt: Date): Promise<void> {
    const prefix = recordPrefix(this.prefixes, stream, (s) => `{"type":"RECORD","stream":${s},"record":`);
    return this.writer.writeLine(`${prefix}${JSON.stringify(record)},"time_extracted":"${this.times.iso(extractedAt)}"}`);
  }

  state(value: JsonObject): Promise<void> {
    return this.writer.write({ type: 'STATE', value });
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
