/**
 * How a trainer worker records a finished segment: a tag on the training run (the study), set
 * after the segment's result is in the `storage` bucket. One key per (trial, end round), so a
 * redelivered segment finds it and is not recorded twice; the coordinator waits for it.
 */
export const segmentRecordKey = (trialId: string, toRound: number): string => `segment.${trialId}.to-${toRound}`;

export const SEGMENT_DONE = 'done';
const FAILED_PREFIX = 'failed: ';

export const segmentFailedValue = (reason: string): string => `${FAILED_PREFIX}${reason.slice(0, 500)}`;

/** The failure reason a record holds, or undefined for a segment that succeeded. */
export function segmentFailureOf(value: string): string | undefined {
  return value.startsWith(FAILED_PREFIX) ? value.slice(FAILED_PREFIX.length) : undefined;
}
