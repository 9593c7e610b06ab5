// Preloaded into the processor by `STREAM_BENCH_CPU_PROFILE=<dir>` (NODE_OPTIONS refuses --cpu-prof):
// profiles the whole process and writes <dir>/processor-<pid>.cpuprofile when it exits.
// Plain JavaScript: it loads before @swc-node/register.
'use strict';
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.STREAM_BENCH_CPU_PROFILE;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // A same-thread inspector session answers synchronously, so this completes inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `processor-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
