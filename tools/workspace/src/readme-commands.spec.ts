import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every command line of the README's ```bash blocks. */
function readmeCommands(): string[] {
  const commands: string[] = [];
  for (const block of read('README.md').matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).split('\n')) {
      // A trailing comment is prose, not part of the command.
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

/**
 * Who runs each README command: this spec (cheap ones, for real), or the named spec or CI step,
 * whose file is checked to still do it. A README command missing here fails the test, so the README
 * claims no command that nothing runs.
 */
const RUN_BY: { command: RegExp; by: string; check: () => void }[] = [
  {
    command: /^npm ci && npm start$/,
    by: '.ci/run (npm ci) and apps/platform/src/npm-start.spec.ts (npm start\'s command line, twice, and its curl)',
    check: () => {
      expect(read('.ci/run')).toContain('npm ci');
      expect(JSON.parse(read('package.json')).scripts.start).toContain('apps/platform/src/main.ts');
      expect(read('apps/platform/src/testing/npm-start-process.ts')).toContain("'apps/platform/src/main.ts'");
      expect(read('apps/platform/src/npm-start.spec.ts')).toContain("execFile)('bash', ['-c', curlOf(output)");
    },
  },
  { command: /^npm test$/, by: '.ci/run', check: () => expect(read('.ci/run')).toMatch(/^npm test /m) },
  {
    command: /^npx nx run simulator:generate -- --events 1000 --seed 7 --out \/tmp\/events\.csv$/,
    by: 'this spec (the target\'s command, writing to a scratch folder)',
    check: () => {
      const target = JSON.parse(read('libs/simulator/project.json')).targets.generate.options.command as string;
      const dir = mkdtempSync(join(tmpdir(), 'readme-'));
      try {
        const [node, ...args] = target.split(' ');
        expect(node).toBe('node');
        execFileSync(process.execPath, [...args, '--events', '1000', '--seed', '7', '--out', join(dir, 'events.csv')], {
          cwd: ROOT,
          env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
          stdio: 'pipe',
        });
        expect(readFileSync(join(dir, 'events.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1001);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    command: /^curl -s -X POST http:\/\/127\.0\.0\.1:3001\/events -H 'content-type: text\/csv' --data-binary @\/tmp\/events\.csv$/,
    by: 'e2e/src/platform.e2e.spec.ts (simulated CSV posted to /events)',
    check: () => expect(read('e2e/src/platform.e2e.spec.ts')).toMatch(/\/events`, \{ method: 'POST', headers: \{ 'content-type': 'text\/csv' \}/),
  },
  {
    command: /^curl -s -X POST http:\/\/127\.0\.0\.1:3003\/train /,
    by: 'e2e/src/platform.e2e.spec.ts (POST /train, then the run, aliases and versions)',
    check: () => expect(read('e2e/src/platform.e2e.spec.ts')).toContain("/train`, {"),
  },
  { command: /^curl -s http:\/\/127\.0\.0\.1:3003\/runs$/, by: 'e2e/src/platform.e2e.spec.ts', check: () => expect(read('e2e/src/platform.e2e.spec.ts')).toContain("url('trainer')}/runs`") },
  {
    command: /^curl -s http:\/\/127\.0\.0\.1:3003\/models\/purchase-propensity\/versions$/,
    by: 'e2e/src/platform.e2e.spec.ts',
    check: () => expect(read('e2e/src/platform.e2e.spec.ts')).toContain('/models/${MODEL}/versions'),
  },
  {
    command: /^npx nx run trainer:train -- --trials 4 --budget 30s$/,
    by: "apps/platform/src/npm-start.spec.ts (the target's command on npm start's .data/)",
    check: () => {
      expect(JSON.parse(read('apps/trainer/project.json')).targets.train.options.command).toContain('libs/training/src/cli/main.ts train');
      expect(read('apps/platform/src/testing/npm-start-process.ts')).toContain("'libs/training/src/cli/main.ts'");
      expect(read('apps/platform/src/npm-start.spec.ts')).toContain("['train', '--trials'");
    },
  },
  {
    command: /^npx nx run stream-processor:materialize$/,
    by: "apps/stream-processor/src/stream-processor.materialize.integration.spec.ts (the target's command on a namespace of the real servers)",
    check: () => {
      expect(JSON.parse(read('apps/stream-processor/project.json')).targets.materialize.options.command).toContain('libs/feature-pipeline/src/cli/main.ts materialize');
      expect(read('apps/stream-processor/src/stream-processor.materialize.integration.spec.ts')).toContain("['-r', '@swc-node/register', 'libs/feature-pipeline/src/cli/main.ts', 'materialize']");
    },
  },
  {
    command: /^npm run services:up$/,
    by: 'npm test (tools/dev-services/ensure-up.sh runs services.sh up)',
    check: () => {
      expect(JSON.parse(read('package.json')).scripts['services:up']).toBe('bash tools/dev-services/services.sh up');
      expect(read('tools/dev-services/ensure-up.sh')).toContain('services.sh" up');
    },
  },
  {
    command: /^npm run services:status$/,
    by: 'this spec (the servers are up while npm test runs)',
    check: () => void execFileSync('npm', ['run', '--silent', 'services:status'], { cwd: ROOT, stdio: 'pipe' }),
  },
  {
    command: /^set -a; source tools\/dev-services\/services\.env; set \+a$/,
    by: 'this spec',
    check: () =>
      expect(execFileSync('bash', ['-c', 'set -a; source tools/dev-services/services.env; set +a; echo "$KAFKA_BROKERS $REDIS_URL"'], { cwd: ROOT }).toString()).toMatch(
        /^127\.0\.0\.1:\d+ redis:\/\/127\.0\.0\.1:\d+\n$/,
      ),
  },
  {
    command: /^LAKE_URL=s3:\/\/ LAKE_BUCKET_PREFIX=me- REDIS_KEY_PREFIX=me: KAFKA_TOPIC_PREFIX=me\. npm start$/,
    by: 'apps/platform/src/npm-start.real.spec.ts (npm start with the services.env variables, in a namespace of its own)',
    check: () => expect(read('apps/platform/src/npm-start.real.spec.ts')).toContain("createServicesNamespace('npm-start')"),
  },
  {
    command: /^npx nx run-many -t docker$/,
    by: 'not on CI (no Docker engine): docker/build-image.sh and its image recipe are checked by npx nx test docker and docker:bundle-check',
    check: () => expect(existsSync(join(ROOT, 'docker/src/app-dockerfile.spec.ts'))).toBe(true),
  },
  { command: /^cp docker\/\.env\.example docker\/\.env$/, by: 'this spec (the file exists)', check: () => expect(existsSync(join(ROOT, 'docker/.env.example'))).toBe(true) },
  {
    command: /^docker compose -f docker\/compose\.yaml up -d$/,
    by: 'not on CI (no Docker engine): the compose file is validated by npx nx test docker',
    check: () => expect(existsSync(join(ROOT, 'docker/src/compose.spec.ts'))).toBe(true),
  },
];

describe('the README claims no command that nothing runs', () => {
  const commands = readmeCommands();

  it('finds the commands of the README', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it('knows who runs every README command', () => {
    expect(commands.filter((command) => !RUN_BY.some(({ command: pattern }) => pattern.test(command)))).toEqual([]);
  });

  it.each(RUN_BY.map((entry) => [entry.command.source, entry] as const))('%s: run by its named spec or here', (_, entry) => {
    expect(commands.some((command) => entry.command.test(command))).toBe(true);
    entry.check();
  }, 120_000);
});
