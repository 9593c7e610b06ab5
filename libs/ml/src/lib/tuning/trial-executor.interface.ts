import { TrialRequest, TrialResult } from './trial.types';

/**
 * Runs trial segments somewhere: in this thread, on worker threads, or (later) on other
 * machines through Kafka. The search only ever talks to this interface.
 */
export interface TrialExecutor {
  /** How many segments the search should keep in flight. */
  readonly concurrency: number;
  run(request: TrialRequest): Promise<TrialResult>;
  close(): Promise<void>;
}
