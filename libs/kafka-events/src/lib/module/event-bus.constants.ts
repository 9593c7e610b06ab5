/** The bus's `ClientProxy` (`ClientKafka` or `InProcessClient`): inject `EventPublisher` instead where you can. */
export const EVENT_BUS_CLIENT = Symbol('EVENT_BUS_CLIENT');
/** The resolved `EventBusOptions` of this app. */
export const EVENT_BUS_OPTIONS = Symbol('EVENT_BUS_OPTIONS');
