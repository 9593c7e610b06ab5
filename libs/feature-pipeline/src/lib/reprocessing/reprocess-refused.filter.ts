import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { ReprocessRefusedError } from './reprocess-refused.error';

interface ResponseLike {
  status(code: number): { json(body: unknown): unknown };
}

/** The HTTP edge of a refused reprocessing: its code, as a status and a message naming the fix. */
@Catch(ReprocessRefusedError)
export class ReprocessRefusedFilter implements ExceptionFilter {
  catch(error: ReprocessRefusedError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<ResponseLike>().status(error.status).json({ statusCode: error.status, code: error.code, message: error.message });
  }
}
