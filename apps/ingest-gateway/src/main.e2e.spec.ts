import { startServiceProcess } from '@platform/dev-services';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = 'apps/ingest-gateway/src/main.ts';

describe('ingest-gateway process', () => {
  it('starts on the embedded defaults, answers /health/live, takes events and stops cleanly on SIGTERM', async () => {
    const service = await startServiceProcess(MAIN, { PLATFORM_CWD: mkdtempSync(join(tmpdir(), 'ingest-gateway-')) });
    try {
      const response = await fetch(`${service.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      const event = {
        event_time: '2019-10-31 18:50:55 UTC',
        event_type: 'view',
        product_id: '8800637',
        category_id: '2053013555573162395',
        category_code: 'electronics.telephone',
        brand: 'nokia',
        price: '76.96',
        user_id: '544496263',
        user_session: 'a5628f7a-2e1c-4af7-9252-1deb3ef674fd',
      };
      const posted = await fetch(`${service.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([event]) });
      expect(posted.status).toBe(202);
      expect(await posted.json()).toMatchObject({ accepted: 1, rejected: 0 });
    } finally {
      const exit = await service.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.output()).toContain('ingest stopped');
      expect(service.output()).toContain('stopped cleanly');
    }
  });

  it('refuses a wrong configuration value with one line naming the variable', async () => {
    await expect(startServiceProcess(MAIN, { REDIS_URL: 'mysql://localhost' })).rejects.toThrow(
      /ingest-gateway: invalid configuration: REDIS_URL="mysql:\/\/localhost": expected a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
