import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DATA_STREAMING_TOPIC, LakeObjectCreated } from '@platform/kafka-events';
import { LakeNotificationHandler } from './lake-notification-handler';

@Controller()
export class LakeNotificationsController {
  constructor(private readonly handler: LakeNotificationHandler) {}

  /** Validated and decoded by the bus; resolving lets the offset be committed. */
  @EventPattern(DATA_STREAMING_TOPIC)
  async onObjectsCreated(@Payload() objects: LakeObjectCreated[], @Ctx() context: unknown): Promise<void> {
    const heartbeat = context instanceof KafkaContext ? context.getHeartbeat() : undefined;
    await this.handler.handle(objects, heartbeat);
  }
}
