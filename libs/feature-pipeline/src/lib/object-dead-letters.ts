import type { LakeObjectId } from '@platform/common';
import type { ParsedRecord } from '@platform/events';
import { DEAD_LETTER_RAW_LIMIT, DEAD_LETTER_SCHEMA_VERSION, type DeadLetter } from '@platform/kafka-events';

const REASON_LIMIT = 4000;

/** A rejected record's letter: every reason, the first one's field, value and rule, its line and text. */
export function recordLetter(record: Extract<ParsedRecord, { ok: false }>, source: LakeObjectId): DeadLetter {
  const [first] = record.rejections;
  const raw = typeof record.raw === 'string' ? record.raw : JSON.stringify(record.raw);
  return {
    schemaVersion: DEAD_LETTER_SCHEMA_VERSION,
    reason: record.rejections
      .map((rejection) => rejection.message)
      .join('; ')
      .slice(0, REASON_LIMIT),
    field: first?.field,
    value: first?.value,
    rule: first?.rule,
    source,
    line: record.line,
    raw: raw.slice(0, DEAD_LETTER_RAW_LIMIT),
    at: new Date().toISOString(),
  };
}

/** The letter about an object as a whole (or its tail, from `line` on). */
export function objectLetter(source: { bucket: string; key: string; eTag?: string }, code: string, reason: string, extra: Partial<DeadLetter> = {}): DeadLetter {
  return { schemaVersion: DEAD_LETTER_SCHEMA_VERSION, reason: reason.slice(0, REASON_LIMIT), code, source, ...extra, at: new Date().toISOString() };
}
