import { Module } from '@nestjs/common';
import { RegistryService } from '../registry/registry.service';

/**
 * `RegistryService` over the app's DataSource: import it beside
 * `DatabaseModule.forRoot(config.database, [REGISTRY_SCHEMA, ...])`.
 */
@Module({
  providers: [RegistryService],
  exports: [RegistryService],
})
export class ModelRegistryModule {}
