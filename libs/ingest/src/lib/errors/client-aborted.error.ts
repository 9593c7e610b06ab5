import { IngestError } from './ingest.error';

/** The client closed the connection before its body was read to its end: nothing was accepted, and nobody is left to answer. */
export class ClientAbortedError extends IngestError {
  constructor(readonly bytesRead: number) {
    super(`the client closed the connection after ${bytesRead} bytes of its body: nothing of it was accepted, no answer sent`, 'CLIENT_ABORTED', true);
  }
}
