import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleRecipe, readAppDockerfile } from './testing/app-dockerfile';
import { WORKSPACE_DIR } from './testing/compose-files';

const APPS = ['ingest-gateway', 'stream-processor', 'trainer', 'inference-api'];

describe('docker/app.Dockerfile', () => {
  const dockerfile = readAppDockerfile();
  const final = dockerfile.stages.at(-1);
  const keywords = (name: string) => final?.instructions.filter((instruction) => instruction.keyword === name).map((instruction) => instruction.args);

  it('builds in stages from one pinned Node image: Nx build, production dependencies, the app', () => {
    expect(dockerfile.globalArgs['NODE_IMAGE']).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect(dockerfile.stages.map((stage) => [stage.name, stage.image])).toEqual([
      ['build', '${NODE_IMAGE}'],
      ['deps', '${NODE_IMAGE}'],
      ['(final)', '${NODE_IMAGE}'],
    ]);
    const runs = (stage: number) => dockerfile.stages[stage]?.instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args);
    expect(runs(0)).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', expect.stringContaining('nx build ${APP} --configuration=production')]));
    expect(runs(1)).toEqual(expect.arrayContaining(['npm ci --omit=dev --no-audit --no-fund']));
    expect(runs(2)).toEqual([]);
  });

  it('runs the app as the unprivileged node user, with a health check and SIGTERM to stop', () => {
    expect(keywords('USER')).toEqual(['node']);
    expect(keywords('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(keywords('HEALTHCHECK')).toEqual([expect.stringContaining('/health/live')]);
    expect(keywords('CMD')).toEqual(['["node", "main.js"]']);
    expect(bundleRecipe(dockerfile).env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '${PORT}' });
  });

  it('tells the bundle check what the image holds: the built bundle beside a production-only npm ci of its lock', () => {
    const recipe = bundleRecipe(dockerfile);
    expect(recipe.bundleDir('trainer')).toBe('dist/apps/trainer/');
    expect(recipe.installFiles('trainer')).toEqual(['.npmrc', 'dist/apps/trainer/package.json', 'dist/apps/trainer/package-lock.json']);
    expect(recipe.installCommand).toBe('npm ci --omit=dev --no-audit --no-fund');
  });

  it('refuses to describe a Dockerfile whose final stage copies something the bundle check would not', () => {
    const changed = structuredClone(dockerfile);
    changed.stages.at(-1)?.instructions.push({ keyword: 'COPY', args: 'docker/extra.sh ./' });
    expect(() => bundleRecipe(changed)).toThrow(/final stage copies .*docker\/extra\.sh/);
  });

  it('builds from a context without secrets, local installs or local builds (.dockerignore)', () => {
    const ignored = readFileSync(join(WORKSPACE_DIR, '.dockerignore'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/.env', '**/node_modules', '**/.run', '**/.data', 'dist', '.nx', '.git']));
  });

  it('is built by each app’s docker target with the port its main.ts listens on', () => {
    for (const app of APPS) {
      const project = JSON.parse(readFileSync(join(WORKSPACE_DIR, 'apps', app, 'project.json'), 'utf8')) as { targets: { docker: { options: { command: string } } } };
      const defaultPort = /defaultPort: (\d+)/.exec(readFileSync(join(WORKSPACE_DIR, 'apps', app, 'src', 'main.ts'), 'utf8'))?.[1];
      expect(project.targets.docker.options.command).toBe(`bash docker/build-image.sh ${app} ${defaultPort}`);
    }
  });
});
