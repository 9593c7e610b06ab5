import { Body, Controller, Headers, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { API_KEY_BEFORE_BODY, ApiKeyGuard } from '@platform/app-runtime';
import { IngestErrorFilter } from '../http/ingest-error.filter';
import { RAW_EVENTS_BODY } from '../ingest.constants';
import { EventIntake, IngestResult } from './event-intake.service';
import type { BodySource } from './request-body.util';

@Controller('events')
@UseGuards(ApiKeyGuard)
@UseFilters(IngestErrorFilter)
export class EventsController {
  constructor(private readonly intake: EventIntake) {}

  /** A JSON array, NDJSON or CSV of REES46 events (gzip allowed), streamed; 202 once they are in bronze (once per `Idempotency-Key`). */
  @Post()
  @HttpCode(202)
  @RouteConfig({ [RAW_EVENTS_BODY]: true, [API_KEY_BEFORE_BODY]: true })
  ingest(@Body() body: BodySource | undefined, @Headers() headers: Record<string, string | undefined>): Promise<IngestResult> {
    return this.intake.ingest({
      body: body ?? Buffer.alloc(0),
      idempotencyKey: headers['idempotency-key'],
      contentType: headers['content-type'],
      contentEncoding: headers['content-encoding'],
      contentLength: headers['content-length'],
    });
  }
}
