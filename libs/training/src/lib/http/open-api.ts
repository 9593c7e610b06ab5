import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { PlatformConfig } from '@platform/app-runtime';

/** The trainer's OpenAPI document at `/docs` (UI) and `/docs-json`, from the controllers' decorators. */
export function serveTrainerOpenApi(app: INestApplication, config: PlatformConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('trainer')
      .setDescription('Trainings of the purchase-propensity model (one at a time), their runs, and the model registry with its aliases.')
      .setVersion(config.build.version)
      // TRAINER_API_KEY, when set: every /train, /runs and /models route wants it.
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
      .addSecurityRequirements('x-api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
