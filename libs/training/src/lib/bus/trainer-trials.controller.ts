import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TRAINER_TRIALS_TOPIC, TrainerTrial } from '@platform/kafka-events';
import { TrialSegmentWorker } from '../trials/kafka/trial-segment.worker';

/** A trainer worker's only handler (`TRAINER_ROLE=worker`); the offset is committed once the segment is recorded. */
@Controller()
export class TrainerTrialsController {
  constructor(private readonly worker: TrialSegmentWorker) {}

  @EventPattern(TRAINER_TRIALS_TOPIC)
  onTrial(@Payload() trial: TrainerTrial, @Ctx() context: { getHeartbeat?: () => () => Promise<void> }): Promise<void> {
    return this.worker.handle(trial, context.getHeartbeat?.());
  }
}
