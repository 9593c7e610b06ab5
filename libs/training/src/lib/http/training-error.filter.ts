import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { DatabaseError } from '@platform/database';
import { RegistryError, RegistryErrorCode } from '@platform/model-registry';
import { InvalidTrainingRequestError } from '../errors/invalid-training-request.error';
import { TrainingErrorCode } from '../errors/training-error-code';
import { TrainingError } from '../errors/training.error';

const TRAINING_STATUS: Record<TrainingErrorCode, number> = {
  INVALID_TRAINING_REQUEST: HttpStatus.BAD_REQUEST,
  NO_CLEAN_EVENTS: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_ENOUGH_EXAMPLES: HttpStatus.UNPROCESSABLE_ENTITY,
  TRAINING_IN_PROGRESS: HttpStatus.CONFLICT,
  CHAMPION_NOT_COMPARABLE: HttpStatus.CONFLICT,
  ARTIFACT_WRITE_FAILED: HttpStatus.SERVICE_UNAVAILABLE,
  SEARCH_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  TRAINING_CANCELLED: HttpStatus.SERVICE_UNAVAILABLE,
};

const REGISTRY_STATUS: Record<RegistryErrorCode, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_INPUT: HttpStatus.BAD_REQUEST,
  INVALID_STATE: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
};

interface ResponseLike {
  status(code: number): ResponseLike;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

/**
 * The HTTP edge of the trainer's, the registry's and the database's errors: code → status, with
 * what a client can act on (a database that is away is a 503 to retry).
 */
@Catch(TrainingError, RegistryError, DatabaseError)
export class TrainingErrorFilter implements ExceptionFilter {
  catch(error: TrainingError | RegistryError | DatabaseError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ResponseLike>();
    const status =
      error instanceof TrainingError ? TRAINING_STATUS[error.code] : error instanceof RegistryError ? REGISTRY_STATUS[error.code] : HttpStatus.SERVICE_UNAVAILABLE;
    const body: Record<string, unknown> = { statusCode: status, code: error.code, retriable: error.retriable, message: error.message };
    if (error instanceof InvalidTrainingRequestError) body['field'] = error.field;
    if (error instanceof RegistryError && 'field' in error) body['field'] = (error as { field: unknown }).field;
    if (status === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('retry-after', '5');
    response.status(status).json(body);
  }
}
