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
  // Label children bound once: prom-client otherwise hashes the label set on every observation.
  private readonly okRequests = {
    http: this.requests.labels({ transport: 'http', outcome: 'ok' }),
    kafka: this.requests.labels({ transport: 'kafka', outcome: 'ok' }),
  };
  private readonly duration = {
    http: servingMetrics.predictDuration.get().labels({ transport: 'http' }),
    kafka: servingMetrics.predictDuration.get().labels({ transport: 'kafka' }),
  };

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
    try {
      const predictions = await this.predictions.predict(read());
      this.okRequests[transport].inc();
      return { predictions };
    } catch (error) {
      this.requests.inc({ transport, outcome: error instanceof ServingError ? error.code.toLowerCase() : 'error' });
      throw error;
    } finally {
      this.duration[transport].observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
