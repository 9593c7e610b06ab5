import { Body, Controller, Get, HttpCode, ParseIntPipe, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { API_KEY_BEFORE_BODY, ApiKeyGuard } from '@platform/app-runtime';
import { DeadLetteredObject } from '@platform/offline-store';
import { ObjectReprocessing, ReprocessAnswer } from './object-reprocessing.service';
import { ReprocessRefusedFilter } from './reprocess-refused.filter';

/** The key is checked before the body is read (Fastify's onRequest, see FeaturePipelineModule), and again by the guard. */
@Controller('objects')
@UseGuards(ApiKeyGuard)
@UseFilters(ReprocessRefusedFilter)
export class DeadLetteredObjectsController {
  constructor(private readonly reprocessing: ObjectReprocessing) {}

  /** Dead-lettered objects, newest first, with the code and reason of their failure. */
  @Get('dead-lettered')
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  list(@Query('limit', new ParseIntPipe({ optional: true })) limit?: number): Promise<DeadLetteredObject[]> {
    return this.reprocessing.deadLettered(Math.min(Math.max(limit ?? 100, 1), 1000));
  }

  /** `{key, bucket?, eTag?}`: processes a dead-lettered bronze object again (202: announced). */
  @Post('reprocess')
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  @HttpCode(202)
  reprocess(@Body() body: unknown): Promise<ReprocessAnswer> {
    return this.reprocessing.reprocess(body);
  }
}
