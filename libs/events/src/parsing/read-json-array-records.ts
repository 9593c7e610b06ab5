import { InputTooLargeError } from '../errors/input-too-large.error';
import { MalformedInputError } from '../errors/malformed-input.error';
import { decodedChunks, type ByteChunk } from './decoded-chunks';
import { inputFailureAt } from './input-failure';
import { rawEventFromJson } from './raw-event-from-json';
import type { SourceRecord } from './source-record';

const BATCH = 1000;

/**
 * A JSON array of event objects (a lone object counts as one event), parsed whole: an array is
 * meant for requests of a few MB, so it has a size limit; large inputs belong in NDJSON or CSV.
 * `line` is the element's 1-based position in the array.
 */
export async function* readJsonArrayRecords(input: AsyncIterable<ByteChunk>, maxBytes: number, maxInflatedBytes?: number): AsyncGenerator<SourceRecord[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decodedChunks(input, Number.POSITIVE_INFINITY, maxInflatedBytes)) {
      size += chunk.length;
      if (size > maxBytes) throw new InputTooLargeError(maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    throw inputFailureAt(error, 0);
  }
  let text = Buffer.concat(chunks).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MalformedInputError(undefined, `not valid JSON: ${(error as Error).message}`);
  }
  const elements = Array.isArray(document) ? document : [document];
  for (let start = 0; start < elements.length; start += BATCH) {
    yield elements
      .slice(start, start + BATCH)
      .map((element, offset) => rawEventFromJson(element, start + offset + 1, () => JSON.stringify(element) ?? String(element)));
  }
}
