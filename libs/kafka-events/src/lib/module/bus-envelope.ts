/** What `EventPublisher` hands to a `ClientProxy` (ClientKafka or the in-process one): an encoded message. */
export interface BusEnvelope {
  key: string | null;
  /** JSON text produced by `MessageCodec.encode`. */
  value: string;
  headers?: Record<string, string>;
}
