import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { INFERENCE_PREDICT_TOPIC, MODEL_PROMOTED_TOPIC, ModelPromoted, PredictRequest } from '@platform/kafka-events';
import { CHAMPION_ALIAS, ChampionWatcher } from '../model/champion-watcher';
import { PredictEndpoint } from '../prediction/predict-endpoint.service';
import { PredictResponse } from '../prediction/predict-response';

/** The inference API on the bus: predictions by request-reply, and promotions that swap the model. */
@Controller()
export class ServingBusController {
  constructor(
    private readonly endpoint: PredictEndpoint,
    private readonly watcher: ChampionWatcher,
  ) {}

  /** Replied on `inference.predict.reply`; a bad item comes back as an error naming it. */
  @MessagePattern(INFERENCE_PREDICT_TOPIC)
  predict(@Payload() request: PredictRequest): Promise<PredictResponse> {
    return this.endpoint.fromBus(request.items);
  }

  /**
   * Resolves once the new champion serves (or was refused), so the offset is committed after. On
   * Kafka the group gives each promotion to one replica: `PromotionSubscriber` brings it to all.
   */
  @EventPattern(MODEL_PROMOTED_TOPIC)
  async onPromoted(@Payload() promoted: ModelPromoted): Promise<void> {
    if (promoted.alias !== CHAMPION_ALIAS || promoted.model !== this.watcher.modelName) return;
    await this.watcher.refresh(`model.promoted ${promoted.model} v${promoted.version}`);
  }
}
