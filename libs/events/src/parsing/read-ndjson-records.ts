import { rejectionOf } from '../schema/event-rejection';
import { decodedChunks, type ByteChunk } from './decoded-chunks';
import { inputFailureAt } from './input-failure';
import { rawEventFromJson } from './raw-event-from-json';
import type { SourceRecord } from './source-record';

/** One JSON object per line; `line` counts every line from 1, blank ones included (they are skipped). */
export async function* readNdjsonRecords(input: AsyncIterable<ByteChunk>, maxInflatedBytes?: number): AsyncGenerator<SourceRecord[]> {
  let line = 0;
  try {
    for await (const chunk of decodedChunks(input, undefined, maxInflatedBytes)) {
      let text = chunk.toString('utf8');
      if (line === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const records: SourceRecord[] = [];
      for (let start = 0; start < text.length; ) {
        let end = text.indexOf('\n', start);
        if (end === -1) end = text.length;
        line += 1;
        const content = text.slice(start, end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
        start = end + 1;
        if (content.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(content);
        } catch (error) {
          const why = `is not valid JSON (${(error as Error).message})`;
          records.push({ line, text: content, unreadable: [rejectionOf(line, 'record', content, 'json', why)] });
          continue;
        }
        records.push(rawEventFromJson(value, line, () => content));
      }
      if (records.length > 0) yield records;
    }
  } catch (error) {
    throw inputFailureAt(error, line);
  }
}
