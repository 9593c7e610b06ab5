import { Body, Controller, Get, HttpCode, ParseIntPipe, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '@platform/app-runtime';
import { DeadLetteredObject } from '@platform/offline-store';
import { ObjectReprocessing, ReprocessAnswer } from './object-reprocessing.service';
import { ReprocessRefusedFilter } from './reprocess-refused.filter';

@Controller('objects')
@UseGuards(ApiKeyGuard)
@UseFilters(ReprocessRefusedFilter)
export class DeadLetteredObjectsController {
  constructor(private readonly reprocessing: ObjectReprocessing) {}

  /** Dead-lettered objects, newest first, with the code and reason of their failure. */
  @Get('dead-lettered')
  list(@Query('limit', new ParseIntPipe({ optional: true })) limit?: number): Promise<DeadLetteredObject[]> {
    return this.reprocessing.deadLettered(Math.min(Math.max(limit ?? 100, 1), 1000));
  }

  /** `{key, bucket?, eTag?}`: processes a dead-lettered bronze object again (202: announced). */
  @Post('reprocess')
  @HttpCode(202)
  reprocess(@Body() body: unknown): Promise<ReprocessAnswer> {
    return this.reprocessing.reprocess(body);
  }
}
