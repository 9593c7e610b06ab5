import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DATA_STREAMING_TOPIC, eventBusDeliveryOf, LakeObjectCreated } from '@platform/kafka-events';
import { LakeNotificationHandler } from './lake-notification-handler';

@Controller()
export class LakeNotificationsController {
  constructor(private readonly handler: LakeNotificationHandler) {}

  /** Validated and decoded by the bus; resolving lets the message settle (letters and offset together). */
  @EventPattern(DATA_STREAMING_TOPIC)
  async onObjectsCreated(@Payload() objects: LakeObjectCreated[], @Ctx() context: unknown): Promise<void> {
    const delivery = eventBusDeliveryOf(context);
    if (!delivery) throw new Error('data_streaming is consumed through the platform event bus only (EventBusModule)');
    await this.handler.handle(objects, {
      deadLetters: delivery.deadLetters(),
      deliveryId: delivery.deliveryId(),
      keepAlive: context instanceof KafkaContext ? context.getHeartbeat() : undefined,
    });
  }
}
