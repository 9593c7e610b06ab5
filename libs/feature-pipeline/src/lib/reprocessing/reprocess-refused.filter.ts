import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ReprocessRefusedError } from './reprocess-refused.error';

/** The HTTP edge of a refused reprocessing: its code, as a status and a message naming the fix (Fastify or Express). */
@Catch(ReprocessRefusedError)
export class ReprocessRefusedFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: ReprocessRefusedError, host: ArgumentsHost): void {
    const body = { statusCode: error.status, code: error.code, message: error.message };
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, error.status);
  }
}
