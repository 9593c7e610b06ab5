import { FeatureRow, snapshot } from '@platform/features';
import { ENTITIES, ItemFeatures } from '../features/item-features';
import { FeatureReader } from '../features/feature-reader';
import { ModelHolder } from '../model/model-holder';
import { PredictItem } from '../request/predict-item';
import { servingMetrics } from '../serving.metrics';
import { ItemPrediction } from './item-prediction';

/**
 * Scores a request's items: one online-store round trip for all their features, the vectors built
 * by libs/features' `snapshot` (the code training used) and encoded with the model's
 * vocabularies, one ONNX Runtime batch, the vectors into the drift window. The whole request is
 * answered by the one model version it started with, even if a swap happens meanwhile.
 */
export class PredictionService {
  private readonly predictions = servingMetrics.predictions.get();
  private readonly missingRecords = servingMetrics.featureRecordsMissing.get();
  private readonly scores = servingMetrics.predictionScore.get();

  constructor(
    private readonly holder: ModelHolder,
    private readonly reader: FeatureReader,
  ) {}

  async predict(items: readonly PredictItem[]): Promise<ItemPrediction[]> {
    const model = this.holder.acquire();
    try {
      const features = await this.reader.read(items);
      const width = model.encoder.width;
      const rows: (FeatureRow | undefined)[] = features.map((item) => (item.availability === 'missing' ? undefined : snapshot(item.records)));
      const scored = rows.reduce((count, row) => (row ? count + 1 : count), 0);
      const input = new Float32Array(scored * width);
      let r = 0;
      for (const row of rows) {
        if (!row) continue;
        model.encoder.encodeInto(row, input, r * width);
        model.drift.observe(row);
        r++;
      }
      const probabilities = scored > 0 ? await model.score(input, scored) : undefined;
      const answers = this.answer(items, features, probabilities, model.name, model.version);
      this.count(features);
      return answers;
    } finally {
      model.release();
    }
  }

  private answer(
    items: readonly PredictItem[],
    features: readonly ItemFeatures[],
    probabilities: Float32Array | undefined,
    name: string,
    version: number,
  ): ItemPrediction[] {
    let r = 0;
    return items.map((item, i) => {
      const { availability, session } = features[i] as ItemFeatures;
      let probability: number | null = null;
      if (availability !== 'missing' && probabilities) {
        probability = probabilities[r++] as number;
        this.scores.observe(probability);
      }
      return { user_id: item.user_id, product_id: item.product_id, user_session: session, probability, features: availability, model: name, version };
    });
  }

  /** Tallied per request, so the counters are touched once per label rather than once per item. */
  private count(features: readonly ItemFeatures[]): void {
    const byAvailability = { found: 0, partial: 0, missing: 0 };
    const missing = { user: 0, product: 0, session: 0, triple: 0 };
    for (const { availability, records } of features) {
      byAvailability[availability]++;
      for (const entity of ENTITIES) if (records[entity] === null) missing[entity]++;
    }
    for (const [label, n] of Object.entries(byAvailability)) if (n > 0) this.predictions.inc({ features: label }, n);
    for (const [entity, n] of Object.entries(missing)) if (n > 0) this.missingRecords.inc({ entity }, n);
  }
}
