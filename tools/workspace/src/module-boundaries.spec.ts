import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '..', '..', '..');

/** Lints `code` as if it were the file at `path`, with the workspace's real ESLint configuration. */
function lintAs(path: string, code: string): string {
  const result = spawnSync(
    process.execPath,
    [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', path, '--format', 'stylish'],
    { cwd: WORKSPACE, input: code, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  return `${result.stdout}${result.stderr}`;
}

describe('module boundaries (DESIGN.md section 2)', () => {
  it('fails when a lib imports an app', () => {
    const output = lintAs(
      'libs/metrics/src/probe.ts',
      "import { TrainerModule } from '../../../apps/trainer/src/trainer.module';\nexport const probe = TrainerModule;\n",
    );
    expect(output).toContain('@nx/enforce-module-boundaries');
  });

  it('fails when events or features import an I/O library', () => {
    expect(lintAs('libs/events/src/probe.ts', "import Redis from 'ioredis';\nexport const probe = Redis;\n")).toContain(
      'A project tagged with "io:none" is not allowed to import "ioredis"',
    );
    expect(
      lintAs('libs/features/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n"),
    ).toContain("'node:fs' import is restricted");
  });

  it('fails when a pure lib depends on a data-access lib', () => {
    expect(
      lintAs('libs/features/src/probe.ts', "import * as lake from '@platform/s3-lake';\nexport const probe = lake;\n"),
    ).toContain('A project tagged with "type:util" can only depend on libs tagged with');
  });

  it('passes a lib importing another through its public alias when the tags allow it', () => {
    expect(
      lintAs('libs/metrics/src/probe.ts', "import { PLATFORM_CONFIG } from '@platform/app-runtime';\nexport const probe = PLATFORM_CONFIG;\n"),
    ).toBe('');
  });

  describe('layers: app → feature → data-access → util, never upwards', () => {
    const importing = (from: string) => `import * as lib from '${from}';\nexport const probe = lib;\n`;

    it('fails when a data-access lib imports a feature lib', () => {
      expect(lintAs('libs/model-registry/src/probe.ts', importing('@platform/ingest'))).toContain(
        'A project tagged with "type:data-access" can only depend on libs tagged with "type:data-access", "type:util"',
      );
    });

    it('fails when a feature lib imports another feature lib', () => {
      expect(lintAs('libs/ingest/src/probe.ts', importing('@platform/serving'))).toContain(
        'A project tagged with "type:feature" can only depend on libs tagged with "type:data-access", "type:util"',
      );
    });

    it('fails when a util lib imports a data-access lib', () => {
      expect(lintAs('libs/metrics/src/probe.ts', importing('@platform/database'))).toContain(
        'A project tagged with "type:util" can only depend on libs tagged with "type:util"',
      );
    });

    it('fails when a lib imports tools/', () => {
      expect(lintAs('libs/metrics/src/probe.ts', importing('../../../tools/bench/bench-doc'))).toContain('@nx/enforce-module-boundaries');
    });

    it('passes an app composing a feature lib, and a feature lib using data-access and util libs', () => {
      expect(lintAs('apps/ingest-gateway/src/probe.ts', importing('@platform/ingest'))).toBe('');
      expect(lintAs('libs/ingest/src/probe.ts', `${importing('@platform/database')}import * as util from '@platform/common';\nexport const more = util;\n`)).toBe('');
    });
  });

  describe("a lib's own harness (@platform/<lib>/testing)", () => {
    const importHarness = "import { rees46FeatureEvents } from '@platform/serving/testing';\nexport const probe = rees46FeatureEvents;\n";

    it('fails in production code', () => {
      expect(lintAs('apps/inference-api/src/probe.ts', importHarness)).toContain("'@platform/serving/testing' import is restricted");
    });

    it('passes in spec files and tools', () => {
      expect(lintAs('apps/inference-api/src/probe.spec.ts', importHarness)).toBe('');
      expect(lintAs('tools/bench/probe.ts', importHarness)).toBe('');
    });
  });

  describe('@platform/testing (dev servers and real-server harnesses)', () => {
    const importTesting = "import { readServicesEnv } from '@platform/testing';\nexport const probe = readServicesEnv;\n";

    it('fails when production code imports it', () => {
      expect(lintAs('libs/offline-store/src/probe.ts', importTesting)).toContain(
        'A project tagged with "type:data-access" can only depend on libs tagged with',
      );
      expect(lintAs('apps/stream-processor/src/probe.ts', importTesting)).toContain(
        'A project tagged with "type:app" can only depend on libs tagged with',
      );
    });

    it('passes in spec files and src/testing/ folders, which production builds exclude', () => {
      expect(lintAs('libs/metrics/src/probe.spec.ts', importTesting)).toBe('');
      expect(lintAs('apps/stream-processor/src/testing/probe.ts', importTesting)).toBe('');
    });
  });
});
