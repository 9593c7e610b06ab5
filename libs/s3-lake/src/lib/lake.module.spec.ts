import { Test } from '@nestjs/testing';
import { HealthModule, ReadinessRegistry } from '@platform/app-runtime';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAKE } from './lake.constants';
import { LakeModule } from './lake.module';
import { Lake } from './lake.port';

describe('LakeModule', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lake-module-'));
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('provides the configured lake with its buckets created, and a readiness check', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, LakeModule.forRoot({ config: { kind: 'file', root }, bucketPrefix: 'app-' })],
    }).compile();
    const app = await moduleRef.init();
    const lake = app.get<Lake>(LAKE);
    expect((await readdir(root)).sort()).toEqual(['.lake-meta', 'app-bronze', 'app-datasource', 'app-storage']);
    await lake.put({ bucket: 'bronze', key: 'k', body: Buffer.from('v') });
    expect(await app.get(ReadinessRegistry).report()).toEqual({ ready: true, checks: { lake: { ok: true } } });
    await rm(join(root, 'app-storage'), { recursive: true });
    expect(await app.get(ReadinessRegistry).report()).toMatchObject({ ready: false, checks: { lake: { ok: false } } });
    await app.close();
  });

  it('is configured from other providers with forRootAsync', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [LakeModule.forRootAsync({ useFactory: () => ({ config: { kind: 'file', root }, ensureBuckets: false }) })],
    }).compile();
    expect(moduleRef.get<Lake>(LAKE).bucketName('bronze')).toBe('bronze');
    expect(await readdir(root)).toEqual([]);
    await moduleRef.close();
  });
});
