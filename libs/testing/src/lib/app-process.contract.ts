import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, startServiceProcess } from './service-process';

/**
 * What every app process promises (issue 2): it starts on the embedded defaults with no
 * environment, answers /health/live, stops cleanly on SIGTERM, and refuses a wrong configuration
 * value with one line naming the variable. `whileRunning` adds the app's own checks.
 */
export function describeAppProcess(app: string, whileRunning?: (service: ServiceProcess) => Promise<void>): void {
  const main = `apps/${app}/src/main.ts`;

  describe(`${app} process`, () => {
    it('starts on the embedded defaults, answers /health/live and stops cleanly on SIGTERM', async () => {
      const service = await startServiceProcess(main, { PLATFORM_CWD: mkdtempSync(join(tmpdir(), `${app}-`)) });
      try {
        const response = await fetch(`${service.url}/health/live`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: 'ok' });
        await whileRunning?.(service);
      } finally {
        const exit = await service.stop('SIGTERM');
        expect(exit).toEqual({ code: 0, signal: null });
        expect(service.output()).toContain('stopped cleanly');
      }
    });

    it('refuses a wrong configuration value with one line naming the variable', async () => {
      await expect(startServiceProcess(main, { REDIS_URL: 'mysql://localhost' })).rejects.toThrow(
        new RegExp(`${app}: invalid configuration: REDIS_URL="mysql://localhost": expected a redis:// or rediss:// URL`),
      );
    });
  });
}
