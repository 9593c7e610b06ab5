import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyKeyStore } from './idempotency-key.store';

const EVERY_MS = 10 * 60 * 1000;

/** Deletes expired idempotency keys at start and every 10 minutes (an expired key is ignored anyway; this keeps the table small). */
@Injectable()
export class IdempotencyKeyJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyKeyJanitor.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: IdempotencyKeyStore) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const deleted = await this.keys.deleteExpired();
      if (deleted > 0) this.logger.log(`deleted ${deleted} expired idempotency keys`);
      return deleted;
    } catch (error) {
      this.logger.warn(`expired idempotency keys not deleted (next try in ${EVERY_MS / 60_000} min): ${(error as Error).message}`);
      return 0;
    }
  }
}
