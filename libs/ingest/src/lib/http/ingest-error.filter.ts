import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { ClientAbortedError } from '../errors/client-aborted.error';
import { IngestErrorCode } from '../errors/ingest-error-code';
import { IngestError } from '../errors/ingest.error';
import { InvalidEventInputError } from '../errors/invalid-event-input.error';
import { NoValidEventError } from '../errors/no-valid-event.error';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';

const STATUS: Record<IngestErrorCode, number> = {
  NO_VALID_EVENT: HttpStatus.BAD_REQUEST,
  INVALID_EVENT_INPUT: HttpStatus.BAD_REQUEST,
  INVALID_REQUEST: HttpStatus.BAD_REQUEST,
  FILE_NOT_FOUND: HttpStatus.BAD_REQUEST,
  BATCH_WRITE_FAILED: HttpStatus.SERVICE_UNAVAILABLE,
  SHUTTING_DOWN: HttpStatus.SERVICE_UNAVAILABLE,
  JOB_NOT_FOUND: HttpStatus.NOT_FOUND,
  JOB_CONFLICT: HttpStatus.CONFLICT,
  BODY_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  IDEMPOTENCY_KEY_IN_FLIGHT: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  PATH_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  TOO_MANY_JOBS: HttpStatus.TOO_MANY_REQUESTS,
  // Never sent: the client is gone (nginx's 499 in the access logs' sense).
  CLIENT_ABORTED: HttpStatus.BAD_REQUEST,
};

/** libs/events input errors that are not plain 400s. */
const INPUT_STATUS: Record<string, number> = {
  UNSUPPORTED_FORMAT: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  INPUT_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
};

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/** The HTTP edge of the ingest errors: code → status, with the context a client can act on. */
@Catch(IngestError)
export class IngestErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('IngestErrorFilter');

  catch(error: IngestError, host: ArgumentsHost): void {
    // The client's doing, not the gateway's: a warning, and no answer on a closed socket.
    if (error instanceof ClientAbortedError) {
      this.logger.warn(`POST /events: ${error.message}`);
      return;
    }
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const status = error instanceof InvalidEventInputError ? (INPUT_STATUS[error.inputCode] ?? HttpStatus.BAD_REQUEST) : STATUS[error.code];
    const body: Record<string, unknown> = { statusCode: status, code: error.code, retriable: error.retriable, message: error.message };
    if (error instanceof NoValidEventError) Object.assign(body, { accepted: 0, rejected: error.rejected, rejections: error.rejections });
    if (error instanceof InvalidEventInputError) Object.assign(body, { inputCode: error.inputCode, ...(error.position ? { position: error.position } : {}) });
    if (error instanceof UnsupportedMediaTypeError) Object.assign(body, { supported: error.supported });
    if (status === HttpStatus.SERVICE_UNAVAILABLE || error.code === 'IDEMPOTENCY_KEY_IN_FLIGHT' || error.code === 'TOO_MANY_JOBS') reply.header('retry-after', '1');
    reply.status(status).send(body);
  }
}
