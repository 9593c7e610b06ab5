import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PredictEndpoint } from '../prediction/predict-endpoint.service';
import { PredictResponse } from '../prediction/predict-response';
import { ErrorDoc, PredictItemDoc, PredictResponseDoc } from './predict.openapi';
import { PREDICT_ROUTE } from './predict-route.constants';
import { ServingErrorFilter } from './serving-error.filter';

@ApiTags('predictions')
@Controller('predict')
@UseFilters(ServingErrorFilter)
export class PredictController {
  constructor(private readonly endpoint: PredictEndpoint) {}

  @Post()
  @HttpCode(200)
  @RouteConfig({ [PREDICT_ROUTE]: true })
  @ApiOperation({
    summary: 'Purchase probability of each (user, product, session) item',
    description:
      'Reads every item’s features in one online-store round trip and scores them in one ONNX batch with the champion model. ' +
      'Accepts the original API’s payload unchanged.',
  })
  @ApiHeader({ name: 'x-api-key', required: false, description: 'Required when the server sets INFERENCE_API_KEY.' })
  @ApiBody({
    type: [PredictItemDoc],
    examples: {
      original: { summary: 'The original API’s payload', value: [{ user_id: 571535080, product_id: 12300394 }] },
      withSession: {
        summary: 'Ids as strings, with a session',
        value: [{ user_id: '512475445', product_id: '1004767', user_session: '2f1d5e0a-9b1c-4d2e-8f3a-6b7c8d9e0f1a' }],
      },
    },
  })
  @ApiOkResponse({ type: PredictResponseDoc })
  @ApiResponse({ status: 400, type: ErrorDoc, description: 'Not JSON, or an item breaks a rule: every issue names its path, value and rule.' })
  @ApiResponse({ status: 401, type: ErrorDoc, description: 'INFERENCE_API_KEY is set and x-api-key is missing or wrong.' })
  @ApiResponse({ status: 413, type: ErrorDoc, description: 'More items than INFERENCE_MAX_ITEMS, or a body over INFERENCE_MAX_BODY_BYTES.' })
  @ApiResponse({ status: 415, description: 'The body is not application/json.' })
  @ApiResponse({ status: 503, type: ErrorDoc, description: 'No champion model yet (the message says how to train one), or the online store is away.' })
  predict(@Body() body: string | undefined): Promise<PredictResponse> {
    return this.endpoint.fromHttp(body);
  }
}
