import parsePrometheusTextFormat, { PrometheusFamily } from 'parse-prometheus-text-format';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The `/metrics` text read back with a real parser. `parse-prometheus-text-format` 1.1.1 folds a
 * histogram's labelled series into one and drops their labels (its open PR #8 "Parse histogram
 * labels"), so histogram series are read from a second pass in which their `# TYPE` says
 * `untyped`, which makes the parser return `_bucket`, `_sum` and `_count` samples with labels.
 */
export class PrometheusExposition {
  readonly families: Map<string, PrometheusFamily>;
  private readonly flat: Map<string, PrometheusFamily>;

  constructor(text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const untyped = text.replace(/^# TYPE (\S+) (histogram|summary)$/gm, '# TYPE $1 untyped');
    // Series of one histogram alternate (_bucket, _sum, _count, _bucket...), each run its own family.
    this.flat = new Map();
    for (const family of parsePrometheusTextFormat(untyped)) {
      const seen = this.flat.get(family.name);
      if (seen) seen.metrics.push(...family.metrics);
      else this.flat.set(family.name, family);
    }
  }

  family(name: string): PrometheusFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric family ${name} in: ${[...this.families.keys()].join(', ')}`);
    return family;
  }

  /** Samples of one series name (e.g. `x_count`), labels included. */
  samples(name: string): Sample[] {
    return (this.flat.get(name)?.metrics ?? []).map((sample) => ({ labels: sample.labels ?? {}, value: Number(sample.value) }));
  }
}
