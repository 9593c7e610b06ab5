import { ServingError } from './serving.error';

/** No model is loaded yet: nothing was promoted, or the champion could not be loaded. */
export class NoChampionError extends ServingError {
  constructor(readonly model: string) {
    super(
      `no model to serve: "${model}" has no loadable champion yet. Train and promote one with the trainer ` +
        '(`npx nx run trainer:train`, `POST /train` on the trainer, or a `trainer.requests` message); ' +
        'this API loads it as soon as `model.promoted` arrives (or at its next registry poll)',
      'NO_CHAMPION',
      true,
    );
  }
}
