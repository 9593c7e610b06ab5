import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { API_KEY_BEFORE_BODY, ApiKeyGuard } from '@platform/app-runtime';
import { InvalidMaterializeRequestFilter } from './invalid-materialize-request.filter';
import { MaterializeJobs } from './materialize-job.service';
import { MaterializeJobView } from './materialize-job.view';
import { parseMaterializeRequestOrThrow } from './materialize-request';

/** The key is checked before the body is read (Fastify's onRequest, see FeaturePipelineModule), and again by the guard. */
@Controller('jobs')
@UseGuards(ApiKeyGuard)
@UseFilters(InvalidMaterializeRequestFilter)
export class MaterializeJobsController {
  constructor(private readonly jobs: MaterializeJobs) {}

  /** `{since?, until?}`: rebuilds the online store from the offline store (202: started, or the unfinished job resumed). */
  @Post('materialize')
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  @HttpCode(202)
  materialize(@Body() body: unknown): Promise<MaterializeJobView> {
    return this.jobs.start(parseMaterializeRequestOrThrow(body));
  }

  @Get(':id')
  @RouteConfig({ [API_KEY_BEFORE_BODY]: true })
  async job(@Param('id') id: string): Promise<MaterializeJobView> {
    const job = await this.jobs.find(id);
    if (!job) throw new NotFoundException(`no materialize job ${id}`);
    return job;
  }
}
