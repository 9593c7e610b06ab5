import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TRAINER_REQUESTS_TOPIC, TrainerRequest } from '@platform/kafka-events';
import { TrainerRequestsHandler } from './trainer-requests.handler';

@Controller()
export class TrainerRequestsController {
  constructor(private readonly handler: TrainerRequestsHandler) {}

  /** Validated by the bus; a thrown error with `retriable: false` goes straight to the DLQ. */
  @EventPattern(TRAINER_REQUESTS_TOPIC)
  onRequest(@Payload() request: TrainerRequest): Promise<void> {
    return this.handler.handle(request);
  }
}
