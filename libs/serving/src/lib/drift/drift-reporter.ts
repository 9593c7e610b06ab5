import { servingMetrics } from '../serving.metrics';
import { ModelHolder } from '../model/model-holder';

/**
 * Publishes the served model's drift window as gauges: the population stability index per
 * feature and the window's size. Cheap (features × bins), so it simply runs every few seconds.
 */
export class DriftReporter {
  private readonly drift = servingMetrics.featureDrift.get();
  private readonly window = servingMetrics.driftWindow.get();
  private timer?: NodeJS.Timeout;

  constructor(private readonly holder: ModelHolder) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.report(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  report(): void {
    const window = this.holder.current?.drift;
    this.drift.reset();
    this.window.set(window?.size ?? 0);
    for (const { feature, psi } of window?.psi() ?? []) this.drift.set({ feature }, psi);
  }
}
