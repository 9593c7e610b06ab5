import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeyVerifier, type IngestConfig } from '@platform/app-runtime';
import { INGEST_CONFIG } from '../ingest.constants';

/** When `INGEST_API_KEY` is set, the ingest endpoints want it in `x-api-key`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.verifier = new ApiKeyVerifier(config.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers;
    const verdict = this.verifier.verify(headers['x-api-key']);
    if (verdict === 'missing') throw new UnauthorizedException('this endpoint wants an API key in the x-api-key header');
    if (verdict === 'invalid') throw new UnauthorizedException('the API key in x-api-key is not valid');
    return true;
  }
}
