import { Injectable } from '@nestjs/common';
import { DATA_STREAMING_TOPIC, EventPublisher, LakeNotification } from '@platform/kafka-events';
import type { NotificationSender } from './lake-announcer';

/** The announcer's way onto the bus: publishes each notification on `data_streaming`. */
@Injectable()
export class DataStreamingSender implements NotificationSender {
  constructor(private readonly publisher: EventPublisher) {}

  send(notification: LakeNotification): Promise<void> {
    return this.publisher.publish(DATA_STREAMING_TOPIC, notification);
  }
}
