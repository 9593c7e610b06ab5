import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { InvalidPredictRequestError } from '../errors/invalid-predict-request.error';
import { ServingErrorCode } from '../errors/serving-error-code';
import { ServingError } from '../errors/serving.error';

const STATUS: Record<ServingErrorCode, number> = {
  INVALID_PREDICT_REQUEST: HttpStatus.BAD_REQUEST,
  TOO_MANY_ITEMS: HttpStatus.PAYLOAD_TOO_LARGE,
  BODY_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  NO_CHAMPION: HttpStatus.SERVICE_UNAVAILABLE,
  ONLINE_STORE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  MODEL_LOAD_FAILED: HttpStatus.SERVICE_UNAVAILABLE,
};

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/** The HTTP edge of the serving errors: code → status, with what a client can act on. */
@Catch(ServingError)
export class ServingErrorFilter implements ExceptionFilter {
  catch(error: ServingError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const status = STATUS[error.code];
    const body: Record<string, unknown> = { statusCode: status, code: error.code, retriable: error.retriable, message: error.message };
    if (error instanceof InvalidPredictRequestError) body['issues'] = error.issues;
    if (status === HttpStatus.SERVICE_UNAVAILABLE) reply.header('retry-after', '1');
    reply.status(status).send(body);
  }
}
