import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { trainingRequestSchema } from '../options/training-request';
import { StartedTraining, TrainingRuns } from '../runs/training-runs.service';
import { RunDetail, RunSummary, RunViews } from './run-views.service';
import { TrainerApiKeyGuard } from './trainer-api-key.guard';
import { TrainingErrorFilter } from './training-error.filter';

const errorSchema = { type: 'object', properties: { statusCode: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } };

@ApiTags('training')
@Controller()
@UseFilters(TrainingErrorFilter)
@UseGuards(TrainerApiKeyGuard)
export class TrainingController {
  constructor(
    private readonly runs: TrainingRuns,
    private readonly views: RunViews,
  ) {}

  @Post('train')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a training (one at a time): dataset, search, final fit, export, registration, promotion' })
  @ApiBody({ required: false, schema: z.toJSONSchema(trainingRequestSchema, { io: 'input', unrepresentable: 'any' }) as object })
  @ApiResponse({ status: 202, description: 'Started: the training run id (GET /runs/{id} follows it)' })
  @ApiResponse({ status: 400, description: 'A field breaks its rule (named in `field`)', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'A training is already running', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'No clean events in the range: load events first (the message says how)', schema: errorSchema })
  start(@Body() body: unknown): Promise<StartedTraining> {
    return this.runs.start(body, 'rest');
  }

  @Get('runs')
  @ApiOperation({ summary: 'Runs of a model, newest first (trainings by default)' })
  @ApiQuery({ name: 'model', required: false, description: 'Default: TRAINER_MODEL' })
  @ApiQuery({ name: 'kind', required: false, enum: ['training', 'trial', 'final-fit', 'all'] })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 50' })
  list(@Query('model') model?: string, @Query('kind') kind?: string, @Query('limit') limit?: string): Promise<RunSummary[]> {
    return this.views.list({ model, kind, limit });
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'A run with every metric series (per boosting round), and a training with its trials and final fit' })
  @ApiResponse({ status: 404, description: 'No such run', schema: errorSchema })
  get(@Param('id') id: string): Promise<RunDetail> {
    return this.views.get(id);
  }
}
