import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HandlerErrorInterceptor } from '../delivery/handler-error.interceptor';
import { createEventBusClient } from './event-bus-client.factory';
import { EVENT_BUS_CLIENT, EVENT_BUS_OPTIONS } from './event-bus.constants';
import { EventBusConfig, EventBusOptions, resolveEventBusOptions } from './event-bus.options';
import { EventPublisher } from './event-publisher';

/**
 * The event bus of one app, Kafka or in-process as `config` says: `EventPublisher` to send, and
 * (with `connectEventBus` or `eventBusMicroserviceOptions`) the app's handlers to receive.
 */
@Module({})
export class EventBusModule {
  static forRoot(config: EventBusConfig, options: EventBusOptions): DynamicModule {
    const resolved = resolveEventBusOptions(config, options);
    return {
      module: EventBusModule,
      global: true,
      providers: [
        { provide: EVENT_BUS_OPTIONS, useValue: resolved },
        { provide: EVENT_BUS_CLIENT, useFactory: () => createEventBusClient(resolved) },
        EventPublisher,
        { provide: APP_INTERCEPTOR, useClass: HandlerErrorInterceptor },
      ],
      exports: [EVENT_BUS_OPTIONS, EVENT_BUS_CLIENT, EventPublisher],
    };
  }
}
