import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InvalidMaterializeRequestError } from './materialize-request';

/** A bad `{since, until}` is a 400 naming the field and the fix (Fastify or Express). */
@Catch(InvalidMaterializeRequestError)
export class InvalidMaterializeRequestFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: InvalidMaterializeRequestError, host: ArgumentsHost): void {
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { statusCode: 400, code: error.code, message: error.message }, 400);
  }
}
