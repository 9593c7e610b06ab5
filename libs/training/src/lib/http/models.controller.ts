import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AliasHistoryEntry, ModelVersion } from '@platform/model-registry';
import { z } from 'zod';
import { aliasChangeSchema } from './alias-change.request';
import { ModelSummary, ModelViews } from './model-views.service';
import { TrainerApiKeyGuard } from './trainer-api-key.guard';
import { TrainingErrorFilter } from './training-error.filter';

@ApiTags('models')
@Controller('models')
@UseFilters(TrainingErrorFilter)
@UseGuards(TrainerApiKeyGuard)
export class ModelsController {
  constructor(private readonly models: ModelViews) {}

  @Get()
  @ApiOperation({ summary: 'Registered models with their version count and aliases' })
  list(): Promise<ModelSummary[]> {
    return this.models.list();
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Versions of a model: metrics, artifact URI, status, aliases' })
  @ApiResponse({ status: 404, description: 'No such model' })
  versions(@Param('name') name: string): Promise<ModelVersion[]> {
    return this.models.versions(name);
  }

  @Get(':name/aliases')
  @ApiOperation({ summary: 'The alias history: every move, by whom and why (metrics of both versions for automatic promotions)' })
  @ApiQuery({ name: 'alias', required: false })
  history(@Param('name') name: string, @Query('alias') alias?: string): Promise<AliasHistoryEntry[]> {
    return this.models.aliasHistory(name, alias);
  }

  @Post(':name/aliases')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an alias by hand (a promotion or a rollback); recorded and announced on model.promoted' })
  @ApiBody({ schema: z.toJSONSchema(aliasChangeSchema, { io: 'input' }) as object })
  @ApiResponse({ status: 400, description: 'A field breaks its rule (named in `field`)' })
  @ApiResponse({ status: 404, description: 'No such model or version' })
  @ApiResponse({ status: 409, description: 'The version is not READY' })
  move(@Param('name') name: string, @Body() body: unknown): Promise<{ changed: boolean; entry: AliasHistoryEntry | null; version: ModelVersion }> {
    return this.models.moveAlias(name, body);
  }
}
