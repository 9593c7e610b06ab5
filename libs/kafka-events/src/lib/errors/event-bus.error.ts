import { PlatformError } from '@platform/common';
import { EventBusErrorCode } from './event-bus-error-code';

/** Base of every event-bus error; subclasses carry their context (topic, field, rule...). */
export class EventBusError extends PlatformError<EventBusErrorCode> {}
