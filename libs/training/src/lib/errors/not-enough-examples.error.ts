import { TrainingError } from './training.error';

/** The events give too few examples (or no purchase) for one of the splits to mean anything. */
export class NotEnoughExamplesError extends TrainingError {
  constructor(
    readonly counts: Readonly<Record<string, { examples: number; positives: number }>>,
    rule: string,
  ) {
    const described = Object.entries(counts)
      .map(([split, count]) => `${split} ${count.examples} examples (${count.positives} positive)`)
      .join(', ');
    super(`not enough training examples: ${described}; ${rule}: load more events or widen the range`, 'NOT_ENOUGH_EXAMPLES', false);
  }
}
