import { ServingError } from '../errors/serving.error';
import { parsePredictBody } from '../request/parse-predict-body';
import { PredictItem } from '../request/predict-item';
import { readPredictItems } from '../request/read-predict-items';
import { servingMetrics } from '../serving.metrics';
import { PredictionService } from './prediction.service';
import { PredictResponse } from './predict-response';

export type PredictTransport = 'http' | 'kafka';

/** One prediction request from either edge: read and check the items, score them, count the outcome. */
export class PredictEndpoint {
  private readonly requests = servingMetrics.predictRequests.get();
  private readonly duration = servingMetrics.predictDuration.get();

  constructor(
    private readonly predictions: PredictionService,
    private readonly maxItems: number,
  ) {}

  /** The raw JSON text of `POST /predict`. */
  fromHttp(body: string | undefined): Promise<PredictResponse> {
    return this.measure('http', () => parsePredictBody(body ?? '', this.maxItems));
  }

  /** `inference.predict`'s items, already checked against the topic's contract. */
  fromBus(items: readonly unknown[]): Promise<PredictResponse> {
    return this.measure('kafka', () => readPredictItems(items, this.maxItems));
  }

  private async measure(transport: PredictTransport, read: () => PredictItem[]): Promise<PredictResponse> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      return { predictions: await this.predictions.predict(read()) };
    } catch (error) {
      outcome = error instanceof ServingError ? error.code.toLowerCase() : 'error';
      throw error;
    } finally {
      this.requests.inc({ transport, outcome });
      this.duration.observe({ transport }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
