import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { PlatformConfig } from '../config/platform-config';
import { PLATFORM_CONFIG } from '../config/platform-config.constants';
import { ApiKeyVerifier } from './api-key-verifier';

/**
 * When `INGEST_API_KEY` is set, the data path's endpoints (the gateway's, the stream processor's
 * reprocessing) want it in `x-api-key`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.verifier = new ApiKeyVerifier(config.ingest.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers;
    const verdict = this.verifier.verify(headers['x-api-key']);
    if (verdict === 'missing') throw new UnauthorizedException('this endpoint wants an API key in the x-api-key header');
    if (verdict === 'invalid') throw new UnauthorizedException('the API key in x-api-key is not valid');
    return true;
  }
}
