import { Injectable } from '@nestjs/common';
import { EventPublisher, MODEL_PROMOTED_SCHEMA_VERSION, MODEL_PROMOTED_TOPIC } from '@platform/kafka-events';
import { PromotionAnnouncer } from '../promotion/model-promotion.service';

/** `model.promoted` on the bus, so the inference API swaps models at once. */
@Injectable()
export class BusPromotionAnnouncer implements PromotionAnnouncer {
  constructor(private readonly publisher: EventPublisher) {}

  async announce(message: Parameters<PromotionAnnouncer['announce']>[0]): Promise<void> {
    await this.publisher.publish(MODEL_PROMOTED_TOPIC, {
      schemaVersion: MODEL_PROMOTED_SCHEMA_VERSION,
      ...message,
      promotedAt: new Date().toISOString(),
    });
  }
}
