import { PlatformError } from '@platform/common';

export type RegistryErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'INVALID_STATE' | 'CONFLICT';

/** Base of every registry failure: a stable `code`, and whether trying again may succeed. */
export class RegistryError extends PlatformError<RegistryErrorCode> {
  constructor(message: string, code: RegistryErrorCode, retriable = false) {
    super(message, code, retriable);
  }
}

export type RegistryEntityKind = 'experiment' | 'run' | 'model' | 'model version' | 'alias';

export class RegistryNotFoundError extends RegistryError {
  constructor(
    readonly entity: RegistryEntityKind,
    readonly ref: string,
  ) {
    super(`${entity} ${JSON.stringify(ref)} not found`, 'NOT_FOUND');
  }
}

export class ExperimentNotFoundError extends RegistryNotFoundError {
  constructor(ref: string) {
    super('experiment', ref);
  }
}

export class RunNotFoundError extends RegistryNotFoundError {
  constructor(readonly runId: string) {
    super('run', runId);
  }
}

export class ModelNotFoundError extends RegistryNotFoundError {
  constructor(readonly model: string) {
    super('model', model);
  }
}

export class ModelVersionNotFoundError extends RegistryNotFoundError {
  constructor(
    readonly model: string,
    readonly version: number,
  ) {
    super('model version', `${model}/${version}`);
  }
}

export class AliasNotFoundError extends RegistryNotFoundError {
  constructor(
    readonly model: string,
    readonly alias: string,
  ) {
    super('alias', `${model}@${alias}`);
  }
}

/** Bad input from the caller; `field` names what is wrong. */
export class InvalidRegistryInputError extends RegistryError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`, 'INVALID_INPUT');
  }
}

/** E.g. finishing a run that already ended. */
export class InvalidRunStateError extends RegistryError {
  constructor(
    readonly runId: string,
    readonly status: string,
    action: string,
  ) {
    super(`run ${runId} is ${status}: cannot ${action}`, 'INVALID_STATE');
  }
}

/** A param logged again with a different value (params describe the run and never change). */
export class ParamConflictError extends RegistryError {
  constructor(
    readonly runId: string,
    readonly param: string,
    existing: unknown,
    attempted: unknown,
  ) {
    super(
      `run ${runId}: param ${JSON.stringify(param)} is ${JSON.stringify(existing)}; cannot change it to ${JSON.stringify(attempted)}`,
      'CONFLICT',
    );
  }
}
