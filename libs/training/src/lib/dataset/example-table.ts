import { CATEGORICAL_FEATURES, CategoryCoder, ExampleReplay, FEATURE_NAMES, FeatureName } from '@platform/features';
import { GrowableArray } from './growable-array';

/**
 * The examples of a replay as they stream in, in time order: one float32 row of the model
 * vector each, its label and its event time. Category values are interned (each distinct
 * string kept once) and stored as provisional codes, because the vocabularies are chosen only
 * at the end, from the training rows; memory is numbers, never row objects.
 */
export class ExampleTable {
  readonly featureNames: readonly FeatureName[] = FEATURE_NAMES;
  readonly width = FEATURE_NAMES.length;
  /** Column index of each categorical feature. */
  readonly categoricalColumns: readonly number[] = CATEGORICAL_FEATURES.map((name) => FEATURE_NAMES.indexOf(name));
  private readonly values = new GrowableArray((n) => new Float32Array(n), (1 << 14) * FEATURE_NAMES.length);
  private readonly labels = new GrowableArray((n) => new Uint8Array(n), 1 << 14);
  private readonly times = new GrowableArray((n) => new Float64Array(n), 1 << 14);
  private readonly codes = CATEGORICAL_FEATURES.map(() => new Map<string, number>());
  private readonly strings = CATEGORICAL_FEATURES.map((): string[] => []);

  /** Interns a category value: its provisional code (NaN for none). */
  private readonly coder: CategoryCoder = (c, value) => (value === null ? NaN : this.intern(c, value));

  get numRows(): number {
    return this.labels.length;
  }

  /** Appends the replay's snapshot of the event it last advanced, written in place (no row object). */
  pushSnapshot(replay: ExampleReplay, label: 0 | 1, timeMs: number): void {
    const at = this.values.reserve(this.width);
    replay.writeSnapshot(this.values.window(at, this.width), 0, this.coder);
    this.labels.push(label);
    this.times.push(timeMs);
  }

  /** Row-major values (categorical columns holding provisional codes); no copy. */
  rawValues(): Float32Array {
    return this.values.view();
  }

  labelVector(): Uint8Array {
    return this.labels.view();
  }

  timeVector(): Float64Array {
    return this.times.view();
  }

  /** The string behind a provisional code of the c-th categorical feature. */
  stringOf(c: number, code: number): string | undefined {
    return this.strings[c]?.[code];
  }

  /** Distinct values seen of the c-th categorical feature. */
  distinctValues(c: number): number {
    return this.strings[c]?.length ?? 0;
  }

  private intern(c: number, value: string): number {
    const codes = this.codes[c] as Map<string, number>;
    let code = codes.get(value);
    if (code === undefined) {
      const strings = this.strings[c] as string[];
      code = strings.length;
      strings.push(value);
      codes.set(value, code);
    }
    return code;
  }
}
