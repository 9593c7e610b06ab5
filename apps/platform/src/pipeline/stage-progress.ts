import { Presets, SingleBar } from 'cli-progress';

/**
 * One stage's progress on stderr: a bar with counts, rate and ETA (redrawn in a terminal, a line
 * every few seconds otherwise), then one closing line with the totals and the time taken.
 */
export class StageProgress {
  private readonly started = performance.now();
  private readonly bar: SingleBar;
  private value = 0;

  constructor(
    private readonly label: string,
    total: number,
    private readonly unit: string,
  ) {
    this.bar = new SingleBar(
      {
        stream: process.stderr,
        format: `${label.padEnd(10)} |{bar}| {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}{note}`,
        etaBuffer: 30,
        fps: 4,
        noTTYOutput: true,
        notTTYSchedule: 5000,
        hideCursor: false,
      },
      Presets.shades_classic,
    );
    this.bar.start(Math.max(total, 1), 0, { rate: 0, note: '' });
  }

  update(value: number, note = '', total?: number): void {
    this.value = value;
    if (total !== undefined) this.bar.setTotal(Math.max(total, 1));
    this.bar.update(value, { rate: Math.round(value / this.seconds()).toLocaleString('en-US'), note: note === '' ? '' : ` | ${note}` });
  }

  /** Stops the bar and prints the stage's summary line. */
  done(summary: string): void {
    this.bar.stop();
    process.stderr.write(`${this.label.padEnd(10)} done: ${summary} in ${this.seconds().toFixed(1)} s\n`);
  }

  /** Stops the bar without a summary (the stage failed; the error says why). */
  abandon(): void {
    this.bar.stop();
  }

  get current(): number {
    return this.value;
  }

  private seconds(): number {
    return Math.max((performance.now() - this.started) / 1000, 1e-3);
  }
}

/** A line of its own on stderr, between stages. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
