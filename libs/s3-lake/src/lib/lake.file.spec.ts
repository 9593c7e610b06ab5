import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLakeContract } from '../testing/lake.contract';
import { createLake } from './create-lake.factory';

describeLakeContract('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lake-contract-'));
  return {
    lake: createLake({ kind: 'file', root }, { bucketPrefix: 'test-' }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});
