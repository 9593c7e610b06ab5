import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** `/docs` (Swagger UI) and `/docs-json` (OpenAPI) beside `/predict`, as the original API had them. */
export function setupPredictDocs(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Inference API')
    .setDescription(
      'Purchase-propensity predictions from the champion model, over features read from the online store. ' +
        'The same prediction is offered on Kafka: inference.predict (request-reply, answer on inference.predict.reply).',
    )
    .setVersion(version)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'x-api-key')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
