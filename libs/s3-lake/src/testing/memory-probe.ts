import { setImmediate as nextTick } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Measures live memory at chosen points against the start. An object held whole in memory grows
 * it by the object's size; a stream, by the buffers in flight.
 */
export class MemoryProbe {
  private baseline = 0;
  private peakGrowth = 0;

  async start(): Promise<void> {
    this.baseline = await liveBytes();
    this.peakGrowth = 0;
  }

  async sample(): Promise<void> {
    this.peakGrowth = Math.max(this.peakGrowth, (await liveBytes()) - this.baseline);
  }

  get peakGrowthBytes(): number {
    return this.peakGrowth;
  }
}

/**
 * Heap plus Buffers still referenced. A Buffer's memory is accounted free only after a second
 * GC following a turn of the event loop, so collect, yield, collect.
 */
async function liveBytes(): Promise<number> {
  collectGarbage();
  await nextTick();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external; // external includes Buffers' ArrayBuffers
}
