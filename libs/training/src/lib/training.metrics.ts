import { defineCounter, defineGauge, defineHistogram } from '@platform/metrics';

const app = 'trainer';

/** DESIGN.md section 10: `<app>_<thing>_<unit>`. */
export const trainerMetrics = {
  trainings: defineCounter<'outcome'>({
    app,
    thing: 'trainings',
    help: 'Trainings ended, by outcome (promoted, kept_champion, failed, cancelled).',
    labelNames: ['outcome'],
  }),
  trainingDuration: defineHistogram({
    app,
    thing: 'training_duration',
    unit: 'seconds',
    help: 'Time of one training, dataset to promotion.',
    buckets: [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
  }),
  trials: defineCounter<'status'>({ app, thing: 'trials', help: 'Search trials ended, by status (completed, stopped, failed).', labelNames: ['status'] }),
  testRocAuc: defineGauge<'model'>({
    app,
    thing: 'last_test_roc_auc',
    unit: 'ratio',
    help: 'Test ROC-AUC of the last version this process registered, by model.',
    labelNames: ['model'],
  }),
};
