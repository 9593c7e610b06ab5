/** The trainer's settings (`PlatformConfig['trainer']`). */
export const TRAINER_CONFIG = Symbol('TRAINER_CONFIG');
/** The `TrialExecutorProvider` trainings open their executor from. */
export const TRIAL_EXECUTOR_PROVIDER = Symbol('TRIAL_EXECUTOR_PROVIDER');
/** The consumer groups: coordinators share `trainer.requests`, workers share `trainer.trials`. */
export const TRAINER_GROUP = 'trainer';
export const TRAINER_WORKER_GROUP = 'trainer-workers';
