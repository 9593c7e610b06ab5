/** A message as a transport received it, before decoding. */
export interface InboundMessage {
  /** The logical topic (without the deployment's topic prefix). */
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  partition: number;
  offset: string;
}

/** How a consumed message ended: only `aborted` ones are left for redelivery. */
export type DeliveryOutcome = 'handled' | 'dead-lettered' | 'dropped' | 'aborted';

/** An error answer to a request, in the shape Nest's clients expect (`{ status: 'error', message }`). */
interface ReplyError {
  status: 'error';
  message: string;
  code: string;
  retriable: boolean;
  field?: string;
  rule?: string;
}

export type RequestAnswer = { value: string } | { error: ReplyError };
