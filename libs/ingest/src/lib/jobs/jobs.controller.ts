import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { API_KEY_BEFORE_BODY, ApiKeyGuard } from '@platform/app-runtime';
import { IngestErrorFilter } from '../http/ingest-error.filter';
import { IngestJobs } from './ingest-jobs.service';
import { JobRegistry, JobView } from './job-registry';

@Controller()
@UseGuards(ApiKeyGuard)
@UseFilters(IngestErrorFilter)
export class JobsController {
  constructor(
    private readonly jobs: IngestJobs,
    private readonly registry: JobRegistry,
  ) {}

  /** `{path, chunkEvents?, loadId?}`: loads a file under INGEST_BULK_LOAD_DIR into `datasource`. */
  @Post('bulk-loads')
  @HttpCode(202)
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  startBulkLoad(@Body() body: unknown): Promise<JobView> {
    return this.jobs.startBulkLoad(body);
  }

  /** `{prefix?, name?, objectsPerTick?, tickMs?, maxObjects?, maxTicks?}`: replays `datasource` into `bronze`. */
  @Post('jobs/replay')
  @HttpCode(202)
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  startReplay(@Body() body: unknown): JobView {
    return this.jobs.startReplay(body);
  }

  /** `{prefix?, minAgeSeconds?, limit?}`: announces bronze objects the processor has no record of. */
  @Post('jobs/reconcile')
  @HttpCode(202)
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  startReconcile(@Body() body: unknown): JobView {
    return this.jobs.startReconcile(body);
  }

  @Get('jobs')
  list(): Promise<JobView[]> {
    return this.registry.list();
  }

  @Get('jobs/:id')
  get(@Param('id') id: string): Promise<JobView> {
    return this.registry.get(id);
  }

  /** Stops a running job (a replay keeps its cursor where it got to). */
  @Delete('jobs/:id')
  @HttpCode(202)
  cancel(@Param('id') id: string): JobView {
    return this.registry.cancel(id);
  }
}
