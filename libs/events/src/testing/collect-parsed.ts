import { Readable } from 'node:stream';
import type { ByteChunk } from '../parsing/decoded-chunks';
import { parseEvents, type ParsedRecord, type ParseEventsOptions } from '../parsing/parse-events';

/** Test helper: every record of an in-memory input, plus the object-level error if one ended it. */
export async function collectParsed(
  input: ByteChunk | ByteChunk[] | AsyncIterable<ByteChunk>,
  options: Partial<ParseEventsOptions> & Pick<ParseEventsOptions, 'format'>,
): Promise<{ records: ParsedRecord[]; batches: number; error?: unknown }> {
  const source =
    typeof input === 'object' && input !== null && Symbol.asyncIterator in input
      ? input
      : Readable.from(Array.isArray(input) ? input : [input], { objectMode: true });
  const records: ParsedRecord[] = [];
  let batches = 0;
  try {
    for await (const batch of parseEvents(source, { source: 'test/object', ...options })) {
      batches += 1;
      records.push(...batch);
    }
  } catch (error) {
    return { records, batches, error };
  }
  return { records, batches };
}
