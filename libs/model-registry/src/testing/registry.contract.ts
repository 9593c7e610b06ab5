import { itemAt } from '@platform/common';
import { openPlatformDataSource } from '@platform/database';
import { DataSource } from 'typeorm';
import { REGISTRY_SCHEMA } from '../lib/registry.schema';
import {
  AliasNotFoundError,
  ExperimentNotFoundError,
  InvalidRegistryInputError,
  InvalidRunStateError,
  ModelNotFoundError,
  ModelVersionNotFoundError,
  ParamConflictError,
  RegistryNotFoundError,
  RunNotFoundError,
} from '../lib/registry/registry.errors';
import { modelArtifactUri, parseModelArtifactUri } from '../lib/artifacts/model-manifest';
import { RegistryService } from '../lib/registry/registry.service';
import { AliasHistoryEntry } from '../lib/registry/registry.types';
import { RegistryTestDatabase } from './registry-test-database';

/**
 * The registry's behaviour, written once and run against PostgreSQL and SQLite. Each suite gets
 * a database of its own; a second DataSource on the same database plays a second process.
 */
export function describeRegistryContract(label: string, makeDatabase: () => Promise<RegistryTestDatabase>): void {
  describe(`RegistryService contract (${label})`, () => {
    let database: RegistryTestDatabase;
    let dataSource: DataSource;
    let otherDataSource: DataSource;
    let registry: RegistryService;
    let otherRegistry: RegistryService;

    beforeAll(async () => {
      database = await makeDatabase();
      dataSource = await openPlatformDataSource(database.config, [REGISTRY_SCHEMA]);
      // Opening again finds the migrations applied and applies nothing.
      otherDataSource = await openPlatformDataSource(database.config, [REGISTRY_SCHEMA]);
      registry = new RegistryService(dataSource);
      otherRegistry = new RegistryService(otherDataSource);
    });

    afterAll(async () => {
      await otherDataSource?.destroy();
      await dataSource?.destroy();
      await database?.cleanup();
    });

    it('applies its migrations once, as real tables', async () => {
      expect(await dataSource.showMigrations()).toBe(false);
      const applied = await dataSource.query('SELECT name FROM platform_migrations');
      expect(applied.map((row: { name: string }) => row.name)).toEqual(['RegistrySchema1767225600000']);
    });

    describe('experiments and runs', () => {
      it('gets or creates an experiment by name, once even when asked concurrently', async () => {
        const created = await Promise.all([
          registry.createExperiment('exp-concurrent'),
          otherRegistry.createExperiment('exp-concurrent'),
          registry.createExperiment('exp-concurrent'),
        ]);
        expect(new Set(created.map((experiment) => experiment.id)).size).toBe(1);
        expect((await registry.getExperiment('exp-concurrent')).id).toBe(created[0].id);
        await expect(registry.getExperiment('exp-missing')).rejects.toBeInstanceOf(ExperimentNotFoundError);
      });

      it('creates a RUNNING run with params, tags, dataset and code versions', async () => {
        const started = new Date('2024-05-01T10:00:00.123Z');
        const run = await registry.createRun({
          experiment: 'exp-runs',
          name: 'trial-1',
          params: { learning_rate: 0.05, depth: 6, objective: 'binary', early_stop: true },
          tags: { sampler: 'tpe' },
          datasetVersion: 'ds-2024-05-01',
          codeVersion: 'abc1234',
          startTime: started,
        });
        const read = await otherRegistry.getRun(run.id);
        expect(read).toEqual({
          id: run.id,
          experimentId: (await registry.getExperiment('exp-runs')).id,
          name: 'trial-1',
          status: 'RUNNING',
          params: { learning_rate: 0.05, depth: 6, objective: 'binary', early_stop: true },
          tags: { sampler: 'tpe' },
          datasetVersion: 'ds-2024-05-01',
          codeVersion: 'abc1234',
          startTime: started,
          endTime: null,
          latestMetrics: {},
        });
      });

      it('finishes, fails and kills runs only while they run', async () => {
        const finished = await registry.createRun({ experiment: 'exp-runs' });
        const done = await registry.finishRun(finished.id);
        expect(done.status).toBe('FINISHED');
        expect(done.endTime).toBeInstanceOf(Date);
        await expect(registry.finishRun(finished.id)).rejects.toBeInstanceOf(InvalidRunStateError);
        await expect(registry.failRun(finished.id, 'late')).rejects.toMatchObject({ code: 'INVALID_STATE' });

        const failed = await registry.failRun((await registry.createRun({ experiment: 'exp-runs' })).id, 'out of memory');
        expect(failed).toMatchObject({ status: 'FAILED', tags: { 'failure.reason': 'out of memory' } });
        const killed = await registry.killRun((await registry.createRun({ experiment: 'exp-runs' })).id, 'ASHA stopped it');
        expect(killed.status).toBe('KILLED');
        await expect(registry.finishRun('no-such-run')).rejects.toBeInstanceOf(RunNotFoundError);
      });

      it('logs params (immutable) and tags (replaceable) in batches', async () => {
        const run = await registry.createRun({ experiment: 'exp-runs', params: { depth: 6 } });
        await registry.logParams(run.id, { depth: 6, leaves: 31, sampler: 'random' });
        await expect(registry.logParams(run.id, { depth: 8 })).rejects.toBeInstanceOf(ParamConflictError);
        await registry.setTags(run.id, { stage: 'tuning' });
        await registry.setTags(run.id, { stage: 'final', owner: 'trainer' });
        expect(await registry.getRun(run.id)).toMatchObject({
          params: { depth: 6, leaves: 31, sampler: 'random' },
          tags: { stage: 'final', owner: 'trainer' },
        });
        await expect(registry.logParams(run.id, { 'bad key!': 1 })).rejects.toBeInstanceOf(InvalidRegistryInputError);
        await expect(registry.logParams(run.id, { lr: Number.NaN })).rejects.toThrow('params.lr: expected a finite number');
        await expect(registry.setTags('no-such-run', { a: 'b' })).rejects.toBeInstanceOf(RunNotFoundError);
      });
    });

    describe('metrics', () => {
      it('logs 10,000 points in one call quickly and returns them as history', async () => {
        const run = await registry.createRun({ experiment: 'exp-metrics' });
        const base = Date.UTC(2024, 4, 1);
        const points = Array.from({ length: 10_000 }, (_, step) => ({
          key: step % 2 === 0 ? 'train_loss' : 'val_auc',
          value: 1 / (step + 3),
          step,
          timestamp: new Date(base + step),
        }));
        const started = performance.now();
        await registry.logMetrics(run.id, points);
        const elapsed = performance.now() - started;
        // Row-by-row inserts take tens of seconds here; chunked multi-row inserts take well under 3.
        expect(elapsed).toBeLessThan(3000);

        const history = await otherRegistry.getMetricHistory(run.id, 'val_auc');
        expect(history).toHaveLength(5000);
        expect(history[0]).toEqual({ step: 1, value: 1 / 4, timestamp: new Date(base + 1) });
        expect(history.at(-1)).toEqual({ step: 9999, value: 1 / 10002, timestamp: new Date(base + 9999) });
        expect(history.every((point, i) => i === 0 || point.step > itemAt(history, i - 1).step)).toBe(true);
        expect((await registry.getRun(run.id)).latestMetrics).toEqual({ train_loss: 1 / 10001, val_auc: 1 / 10002 });
      });

      it('keeps the latest value by step, whatever order batches arrive in', async () => {
        const run = await registry.createRun({ experiment: 'exp-metrics' });
        await registry.logMetrics(run.id, [{ key: 'val_auc', value: 0.8, step: 5 }]);
        await registry.logMetrics(run.id, [{ key: 'val_auc', value: 0.6, step: 3 }]);
        expect((await registry.getRun(run.id)).latestMetrics).toEqual({ val_auc: 0.8 });
        await registry.logMetrics(run.id, [{ key: 'val_auc', value: 0.85, step: 6 }]);
        expect((await registry.getRun(run.id)).latestMetrics).toEqual({ val_auc: 0.85 });
        expect((await registry.getMetricHistory(run.id, 'val_auc')).map((point) => point.step)).toEqual([3, 5, 6]);
      });

      it('rejects a bad point with its position and writes none of the batch', async () => {
        const run = await registry.createRun({ experiment: 'exp-metrics' });
        await expect(
          registry.logMetrics(run.id, [
            { key: 'loss', value: 1, step: 0 },
            { key: 'loss', value: Number.POSITIVE_INFINITY, step: 1 },
          ]),
        ).rejects.toThrow('points[1].value: expected a finite number');
        await expect(registry.logMetrics(run.id, [{ key: 'loss', value: 1, step: -1 }])).rejects.toThrow('points[0].step');
        expect(await registry.getMetricHistory(run.id, 'loss')).toEqual([]);
        await expect(registry.logMetrics('no-such-run', [{ key: 'loss', value: 1 }])).rejects.toBeInstanceOf(RunNotFoundError);
      });
    });

    describe('searching runs', () => {
      const aucs = [0.65, 0.71, 0.9, 0.7];
      let runIds: string[];

      beforeAll(async () => {
        runIds = [];
        for (const [i, auc] of aucs.entries()) {
          const run = await registry.createRun({ experiment: 'exp-search', startTime: new Date(Date.UTC(2024, 0, 1, i)) });
          await registry.logMetrics(run.id, [
            { key: 'val_auc', value: auc - 0.2, step: 0 },
            { key: 'val_auc', value: auc, step: 1 },
          ]);
          runIds.push(run.id);
        }
        const unscored = await registry.createRun({ experiment: 'exp-search', startTime: new Date(Date.UTC(2024, 0, 2)) });
        runIds.push(unscored.id);
        await registry.finishRun(itemAt(runIds, 2));
        await registry.createRun({ experiment: 'exp-search-other' });
      });

      it('filters by experiment and orders by newest start by default', async () => {
        const runs = await registry.searchRuns({ experiments: ['exp-search'] });
        expect(runs.map((run) => run.id)).toEqual([...runIds].reverse());
        expect(runs[1]?.latestMetrics).toEqual({ val_auc: 0.7 });
      });

      it('filters by status', async () => {
        const runs = await registry.searchRuns({ experiments: ['exp-search'], statuses: ['FINISHED'] });
        expect(runs.map((run) => run.id)).toEqual([runIds[2]]);
      });

      it('filters on the latest value of a metric and orders by it', async () => {
        const best = await registry.searchRuns({
          experiments: ['exp-search'],
          metrics: [{ metric: 'val_auc', op: '>=', value: 0.7 }],
          orderBy: { metric: 'val_auc', direction: 'desc' },
        });
        expect(best.map((run) => run.latestMetrics['val_auc'])).toEqual([0.9, 0.71, 0.7]);

        const worst = await registry.searchRuns({
          experiments: ['exp-search'],
          metrics: [
            { metric: 'val_auc', op: '>', value: 0.6 },
            { metric: 'val_auc', op: '<', value: 0.9 },
          ],
          orderBy: { metric: 'val_auc', direction: 'asc' },
          limit: 2,
        });
        expect(worst.map((run) => run.latestMetrics['val_auc'])).toEqual([0.65, 0.7]);
      });

      it('puts runs without the ordering metric last', async () => {
        const runs = await registry.searchRuns({ experiments: ['exp-search'], orderBy: { metric: 'val_auc', direction: 'asc' } });
        expect(runs.map((run) => run.id)).toEqual([runIds[0], runIds[3], runIds[1], runIds[2], runIds[4]]);
      });

      it('rejects unknown comparisons and limits with a clear error', async () => {
        await expect(
          registry.searchRuns({ metrics: [{ metric: 'val_auc', op: 'LIKE' as '=', value: 1 }] }),
        ).rejects.toThrow('metrics[0].op: expected one of < <= = != >= >');
        await expect(registry.searchRuns({ limit: 0 })).rejects.toBeInstanceOf(InvalidRegistryInputError);
      });
    });

    describe('models, versions and aliases', () => {
      it('numbers versions 1, 2, 3... per model and resolves name/version', async () => {
        const run = await registry.createRun({ experiment: 'exp-models' });
        const first = await registry.registerVersion({
          model: 'propensity',
          runId: run.id,
          artifactUri: 's3://storage/models/propensity/1/model.onnx',
          metrics: { test_auc: 0.81 },
          featureSchema: { features: ['price', 'hour'], vocabularies: { brand: ['a', 'b'] } },
        });
        const second = await registry.registerVersion({ model: 'propensity', artifactUri: 's3://storage/models/propensity/2/model.onnx' });
        const otherModel = await registry.registerVersion({ model: 'other-model', artifactUri: 's3://storage/models/other-model/1/model.onnx' });
        expect([first.version, second.version, otherModel.version]).toEqual([1, 2, 1]);
        expect(await otherRegistry.resolve('propensity/1')).toMatchObject({
          model: 'propensity',
          version: 1,
          runId: run.id,
          artifactUri: 's3://storage/models/propensity/1/model.onnx',
          metrics: { test_auc: 0.81 },
          featureSchema: { features: ['price', 'hour'], vocabularies: { brand: ['a', 'b'] } },
          status: 'READY',
          aliases: [],
        });
        expect((await registry.listVersions('propensity')).map((version) => version.version)).toEqual([1, 2]);
      });

      it('gives distinct consecutive numbers to concurrent registrations', async () => {
        const registrations = Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? registry : otherRegistry).registerVersion({
            model: 'concurrent-model',
            artifactUri: `s3://storage/models/concurrent-model/${i}/model.onnx`,
          }),
        );
        const versions = (await Promise.all(registrations)).map((version) => version.version).sort((a, b) => a - b);
        expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      });

      it('names the artifacts of a version after the number it gives, when asked to', async () => {
        const registrations = Array.from({ length: 4 }, () =>
          registry.registerVersion({ model: 'named-by-number', artifactUri: (version) => modelArtifactUri('named-by-number', version) }),
        );
        const versions = (await Promise.all(registrations)).sort((a, b) => a.version - b.version);
        expect(versions.map((version) => version.artifactUri)).toEqual([1, 2, 3, 4].map((n) => `s3://storage/models/named-by-number/${n}/`));
        await expect(registry.registerVersion({ model: 'named-by-number', artifactUri: () => '' })).rejects.toThrow('artifactUri: expected a non-empty URI');
        expect(parseModelArtifactUri('s3://storage/models/m/3/model.onnx')).toEqual({ bucket: 'storage', prefix: 'models/m/3/' });
        expect(parseModelArtifactUri('s3://storage/models/m/3')).toEqual({ bucket: 'storage', prefix: 'models/m/3/' });
        expect(parseModelArtifactUri('models/m/3/')).toBeUndefined();
      });

      it('moves and deletes aliases, resolving name@alias and recording the history', async () => {
        for (let i = 0; i < 3; i += 1) {
          await registry.registerVersion({ model: 'aliased', artifactUri: `s3://storage/models/aliased/${i + 1}/model.onnx` });
        }
        await registry.setAlias('aliased', 'champion', 1, { actor: 'alice', reason: 'first model' });
        expect((await registry.resolve('aliased@champion')).version).toBe(1);
        await registry.setAlias('aliased', 'champion', 3, { actor: 'trainer', reason: 'test AUC 0.83 > 0.81' });
        expect(await registry.setAlias('aliased', 'champion', 3, { actor: 'trainer' })).toBeNull();
        await registry.setAlias('aliased', 'challenger', 2, { actor: 'bob' });
        expect(await otherRegistry.resolve('aliased@champion')).toMatchObject({ version: 3, aliases: ['champion'] });
        expect((await registry.getVersion('aliased', 2)).aliases).toEqual(['challenger']);

        await registry.deleteAlias('aliased', 'champion', { actor: 'alice', reason: 'rollback drill' });
        await expect(registry.resolve('aliased@champion')).rejects.toBeInstanceOf(AliasNotFoundError);
        await registry.setAlias('aliased', 'champion', 2, { actor: 'alice' });

        const history = await registry.aliasHistory('aliased', 'champion');
        expect(history.map(({ seq, fromVersion, toVersion, actor, reason }) => ({ seq, fromVersion, toVersion, actor, reason }))).toEqual([
          { seq: 1, fromVersion: null, toVersion: 1, actor: 'alice', reason: 'first model' },
          { seq: 2, fromVersion: 1, toVersion: 3, actor: 'trainer', reason: 'test AUC 0.83 > 0.81' },
          { seq: 3, fromVersion: 3, toVersion: null, actor: 'alice', reason: 'rollback drill' },
          { seq: 4, fromVersion: null, toVersion: 2, actor: 'alice', reason: null },
        ]);
        expect(history.every((entry) => entry.at instanceof Date && entry.model === 'aliased')).toBe(true);
        expect((await registry.aliasHistory('aliased')).map((entry) => entry.alias)).toEqual([
          'challenger',
          'champion',
          'champion',
          'champion',
          'champion',
        ]);
      });

      it('keeps the alias history a chain when two writers move one alias concurrently', async () => {
        const versions = 5;
        for (let i = 0; i < versions; i += 1) {
          await registry.registerVersion({ model: 'contended', artifactUri: `s3://storage/models/contended/${i + 1}/model.onnx` });
        }
        const mover = (writer: RegistryService, name: string, offset: number) => async () => {
          const entries: (AliasHistoryEntry | null)[] = [];
          for (let move = 0; move < 20; move += 1) {
            entries.push(await writer.setAlias('contended', 'champion', ((move * 2 + offset) % versions) + 1, { actor: name }));
          }
          return entries;
        };
        const [a, b] = await Promise.all([mover(registry, 'writer-a', 0)(), mover(otherRegistry, 'writer-b', 1)()]);

        const history = await registry.aliasHistory('contended', 'champion');
        const recorded = [...a, ...b].filter((entry) => entry !== null);
        expect(history).toHaveLength(recorded.length);
        expect(history.length).toBeGreaterThanOrEqual(20);
        expect(new Set(history.map((entry) => entry.actor))).toEqual(new Set(['writer-a', 'writer-b']));
        history.forEach((entry, i) => {
          expect(entry.seq).toBe(i + 1);
          expect(entry.fromVersion).toBe(i === 0 ? null : itemAt(history, i - 1).toVersion);
        });
        expect((await registry.resolve('contended@champion')).version).toBe(history.at(-1)?.toVersion);
      });

      it('fails with typed NotFound errors naming what is missing', async () => {
        await registry.registerVersion({ model: 'lonely', artifactUri: 's3://storage/models/lonely/1/model.onnx' });
        const missing = [
          [() => registry.resolve('nobody/1'), ModelNotFoundError, 'model "nobody" not found'],
          [() => registry.resolve('lonely/7'), ModelVersionNotFoundError, 'model version "lonely/7" not found'],
          [() => registry.resolve('lonely@champion'), AliasNotFoundError, 'alias "lonely@champion" not found'],
          [() => registry.getRun('no-such-run'), RunNotFoundError, 'run "no-such-run" not found'],
          [() => registry.setAlias('lonely', 'champion', 9, { actor: 'x' }), ModelVersionNotFoundError, 'lonely/9'],
          [() => registry.deleteAlias('lonely', 'champion', { actor: 'x' }), AliasNotFoundError, 'lonely@champion'],
          [() => registry.aliasHistory('nobody'), ModelNotFoundError, 'nobody'],
          [() => registry.registerVersion({ model: 'lonely', artifactUri: 's3://x', runId: 'no-such-run' }), RunNotFoundError, 'no-such-run'],
        ] as const;
        for (const [call, type, message] of missing) {
          const error = await call().then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(error).toBeInstanceOf(type);
          expect(error).toBeInstanceOf(RegistryNotFoundError);
          expect(error).toMatchObject({ code: 'NOT_FOUND', retriable: false });
          expect((error as Error).message).toContain(message);
        }
      });

      it('rejects malformed references and names', async () => {
        await expect(registry.resolve('propensity')).rejects.toThrow('ref: expected "name@alias" or "name/version"');
        await expect(registry.resolve('propensity/0')).rejects.toThrow('version: expected an integer >= 1');
        await expect(registry.setAlias('propensity', 'v2', 1, { actor: 'x' })).rejects.toThrow('alias: "v2" is reserved');
        await expect(registry.setAlias('propensity', 'champion', 1, { actor: '' })).rejects.toThrow('actor:');
        await expect(registry.registerVersion({ model: 'a/b', artifactUri: 's3://x' })).rejects.toThrow('model: expected a model name');
      });
    });
  });
}
