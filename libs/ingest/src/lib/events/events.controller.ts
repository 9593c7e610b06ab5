import { Body, Controller, Headers, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiKeyGuard } from '@platform/app-runtime';
import { IngestErrorFilter } from '../http/ingest-error.filter';
import { RAW_EVENTS_BODY } from '../ingest.constants';
import { EventIntake, IngestResult } from './event-intake.service';

@Controller('events')
@UseGuards(ApiKeyGuard)
@UseFilters(IngestErrorFilter)
export class EventsController {
  constructor(private readonly intake: EventIntake) {}

  /** A JSON array, NDJSON or CSV of REES46 events (gzip allowed); 202 once they are in bronze. */
  @Post()
  @HttpCode(202)
  @RouteConfig({ [RAW_EVENTS_BODY]: true })
  ingest(@Body() body: Buffer | string | undefined, @Headers('content-type') contentType?: string): Promise<IngestResult> {
    return this.intake.ingest(Buffer.isBuffer(body) ? body : Buffer.from(body ?? '', 'utf8'), contentType);
  }
}
