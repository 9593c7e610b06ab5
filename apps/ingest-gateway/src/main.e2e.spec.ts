import { startServiceProcess } from '@platform/dev-services';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = 'apps/ingest-gateway/src/main.ts';

describe('ingest-gateway process', () => {
  it('starts on the embedded defaults, answers /health/live and stops cleanly on SIGTERM', async () => {
    const service = await startServiceProcess(MAIN, { PLATFORM_CWD: mkdtempSync(join(tmpdir(), 'ingest-gateway-')) });
    try {
      const response = await fetch(`${service.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    } finally {
      const exit = await service.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.output()).toContain('stopped cleanly');
    }
  });

  it('refuses a wrong configuration value with one line naming the variable', async () => {
    await expect(startServiceProcess(MAIN, { REDIS_URL: 'mysql://localhost' })).rejects.toThrow(
      /ingest-gateway: invalid configuration: REDIS_URL="mysql:\/\/localhost": expected a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
