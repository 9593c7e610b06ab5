import { createServicesNamespace, ServiceProcess, ServicesNamespace, startBuiltServiceProcess, waitUntil } from '@platform/testing';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publishNamespaceChampion, rees46FeatureEvents } from '@platform/serving/testing';
import { bundleRecipe } from './testing/app-dockerfile';
import { WORKSPACE_DIR } from './testing/compose-files';
import { expireProductionInstalls, productionInstall } from './testing/production-install';

jest.setTimeout(1_200_000);

const APPS = ['ingest-gateway', 'stream-processor', 'trainer', 'inference-api'];
const log = (line: string) => process.stdout.write(`bundle-check: ${line}\n`);

/**
 * What each app's image would run, run here without Docker (issue 15): the bundle exactly as
 * app.Dockerfile copies it (dist/apps/<app>/, built by `nx run docker:bundle-check`'s dependencies),
 * beside node_modules from the same production-only `npm ci` in a temporary folder, started with the
 * image's environment against the real servers, answering /health/ready, and stopping on SIGTERM.
 */
describe('production bundles, as the images hold them, on the real servers', () => {
  const recipe = bundleRecipe();
  let namespace: ServicesNamespace;
  const scratch: string[] = [];
  const started = new Map<string, ServiceProcess>();

  beforeAll(async () => {
    namespace = await createServicesNamespace('bundles');
    // The inference API is ready only with a champion to serve: one trained on real events.
    await publishNamespaceChampion(namespace, await rees46FeatureEvents(2000), { model: 'purchase-propensity', numTrees: 5 });
  });

  afterAll(async () => {
    await Promise.all([...started.values()].map((service) => service.stop('SIGKILL')));
    await namespace?.drop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
    expireProductionInstalls();
  });

  it.each(APPS)('%s: its bundle installs production-only, starts, answers /health/ready and stops on SIGTERM', async (app) => {
    const bundle = join(WORKSPACE_DIR, recipe.bundleDir(app));
    expect({ bundle, built: existsSync(join(bundle, 'main.js')) }).toEqual({ bundle, built: true });

    const install = productionInstall(recipe.installFiles(app).map((file) => join(WORKSPACE_DIR, file)), recipe.installCommand, log);
    log(`${app}: node_modules ${install.cached ? 'from the cache' : `installed in ${install.seconds.toFixed(0)} s`} (${install.dir})`);

    // The image's /app: the bundle's files and node_modules side by side, nothing else to resolve from.
    const home = mkdtempSync(join(tmpdir(), `bundle-${app}-`));
    scratch.push(home);
    cpSync(bundle, home, { recursive: true });
    symlinkSync(join(install.dir, 'node_modules'), join(home, 'node_modules'), 'dir');
    for (const folder of [home, install.dir]) {
      for (let up = dirname(folder); up !== dirname(up); up = dirname(up)) expect(existsSync(join(up, 'node_modules'))).toBe(false);
    }

    const imageEnv = Object.fromEntries(Object.entries(recipe.env).filter(([, value]) => !value.includes('${')));
    const service = await startBuiltServiceProcess(home, { ...imageEnv, ...namespace.env, HOST: '127.0.0.1', PORT: '0', BUILD_VERSION: 'bundle-check' });
    started.set(app, service);
    const ready = await waitUntil(
      `${app} to answer /health/ready with 200`,
      async () => {
        const response = await fetch(`${service.url}/health/ready`);
        return { status: response.status, body: await response.text() };
      },
      ({ status }) => status === 200,
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${service.output().slice(-3000)}`);
    });
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true });
    expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('build_info{version="bundle-check"');

    const exit = await service.stop('SIGTERM');
    started.delete(app);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.output()).toContain('stopped cleanly');
  });
});
