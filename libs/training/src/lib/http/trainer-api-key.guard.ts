import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeyVerifier, TrainerConfig } from '@platform/app-runtime';
import { TRAINER_CONFIG } from '../nest/training.constants';

/**
 * When `TRAINER_API_KEY` is set (required once the trainer listens beyond loopback), `/train`,
 * `/runs` and `/models` want it in `x-api-key`; health, metrics and `/docs` stay open. The
 * trainer's bodies are small JSON (Express's 100 kB limit), so checking after parsing is enough.
 */
@Injectable()
export class TrainerApiKeyGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(@Inject(TRAINER_CONFIG) config: TrainerConfig) {
    this.verifier = new ApiKeyVerifier(config.apiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers;
    const verdict = this.verifier.verify(headers['x-api-key']);
    if (verdict === 'missing') throw new UnauthorizedException('this endpoint wants an API key in the x-api-key header (TRAINER_API_KEY)');
    if (verdict === 'invalid') throw new UnauthorizedException('the API key in x-api-key is not valid');
    return true;
  }
}
