// Contracts: topics, schemas, versions (DESIGN.md section 9).
export * from './lib/contracts/dead-letter.contract';
export * from './lib/contracts/entity-id.schema';
export * from './lib/contracts/inference-predict.contract';
export * from './lib/contracts/lake-notification.builder';
export * from './lib/contracts/lake-notification.contract';
export * from './lib/contracts/message-contract';
export * from './lib/contracts/model-promoted.contract';
export * from './lib/contracts/platform-contracts';
export * from './lib/contracts/s3-event-key';
export * from './lib/contracts/trainer-request.contract';
export * from './lib/contracts/trainer-trial.contract';
// Codec and errors.
export * from './lib/codec/message-codec';
export * from './lib/errors/event-bus-error-code';
export * from './lib/errors/event-bus.error';
export * from './lib/errors/message-validation.error';
export * from './lib/errors/request-failed.error';
export * from './lib/errors/unknown-topic.error';
// Delivery rules shared by both transports.
export * from './lib/delivery/dead-letter-sink';
export { eventBusDeliveryOf } from './lib/delivery/event-bus-context.marker';
export * from './lib/delivery/group-assignments';
export * from './lib/delivery/handler-error.interceptor';
export * from './lib/delivery/handler-failure';
export * from './lib/delivery/retry-policy';
// Transports.
export * from './lib/in-process/in-process.bus';
export * from './lib/in-process/in-process.client';
export * from './lib/in-process/in-process.context';
export * from './lib/in-process/in-process.server';
export * from './lib/kafka/event-bus-kafka.context';
export * from './lib/kafka/event-bus-kafka.server';
export * from './lib/kafka/every-replica.subscription';
export * from './lib/kafka/kafka-consumer-timing';
export * from './lib/kafka/kafka-log-creator';
export * from './lib/kafka/kafka-microservice.options';
export * from './lib/kafka/kafka-topics.provisioner';
// Nest wiring.
export * from './lib/module/event-bus-client.factory';
export * from './lib/module/event-bus-server.factory';
export * from './lib/module/event-bus.constants';
export * from './lib/module/event-bus.module';
export * from './lib/module/event-bus.options';
export * from './lib/module/event-publisher';
export * from './lib/module/topic-namespace';
