import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IngestConfig } from '@platform/app-runtime';
import { createHash, timingSafeEqual } from 'node:crypto';
import { INGEST_CONFIG } from '../ingest.constants';

/**
 * When `INGEST_API_KEY` is set, the ingest endpoints want it in `x-api-key`. Both sides are hashed
 * first so that `timingSafeEqual` compares equal lengths: the time taken says nothing about the
 * key, not even its length.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.expected = config.apiKey === undefined ? undefined : digest(config.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['x-api-key'];
    const given = Array.isArray(header) ? header[0] : header;
    if (given === undefined || given === '') throw new UnauthorizedException('this endpoint wants an API key in the x-api-key header');
    if (!timingSafeEqual(digest(given), this.expected)) throw new UnauthorizedException('the API key in x-api-key is not valid');
    return true;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
