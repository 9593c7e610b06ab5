import { FeatureName, FeatureRow } from '@platform/features';
import { ModelManifest } from '@platform/model-registry';
import { FeatureBins, featureBinsOf } from './feature-bins';

/** Empty bins would make the index infinite; this floor is the usual convention. */
const FLOOR = 1e-4;

export interface FeatureDrift {
  feature: FeatureName;
  /** Population stability index of the window against the reference (0: same distribution). */
  psi: number;
}

/**
 * The last `capacity` served vectors, binned per feature as model.json's reference histograms
 * are, with running counts: observing is O(features), and the population stability index of each
 * feature, Σ (actual − expected) · ln(actual / expected), is computed when asked (on a scrape).
 */
export class DriftWindow {
  private readonly watched: FeatureBins[];
  private readonly counts: Uint32Array[];
  private readonly ring: Uint16Array;
  private observed = 0;

  constructor(
    manifest: ModelManifest,
    readonly capacity: number,
  ) {
    this.watched = [];
    for (const [name, histogram] of Object.entries(manifest.referenceHistograms)) {
      const bins = featureBinsOf(name as FeatureName, histogram, manifest.vocabularies[name]);
      if (bins && bins.expected.length <= 65_535) this.watched.push(bins);
    }
    this.counts = this.watched.map((bins) => new Uint32Array(bins.expected.length));
    this.ring = new Uint16Array(capacity * this.watched.length);
  }

  /** Features watched (those with a usable reference histogram). */
  get features(): FeatureName[] {
    return this.watched.map((bins) => bins.feature);
  }

  /** Vectors in the window now. */
  get size(): number {
    return Math.min(this.observed, this.capacity);
  }

  observe(row: FeatureRow): void {
    const width = this.watched.length;
    const slot = (this.observed % this.capacity) * width;
    const full = this.observed >= this.capacity;
    for (let f = 0; f < width; f++) {
      const counts = this.counts[f] as Uint32Array;
      if (full) {
        const leaving = this.ring[slot + f] as number;
        counts[leaving] = (counts[leaving] ?? 0) - 1;
      }
      const bin = (this.watched[f] as FeatureBins).binOf(row);
      this.ring[slot + f] = bin;
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    this.observed++;
  }

  psi(): FeatureDrift[] {
    const size = this.size;
    if (size === 0) return [];
    return this.watched.map((bins, f) => {
      const counts = this.counts[f] as Uint32Array;
      let psi = 0;
      for (let b = 0; b < counts.length; b++) {
        const actual = Math.max((counts[b] as number) / size, FLOOR);
        const expected = Math.max(bins.expected[b] as number, FLOOR);
        psi += (actual - expected) * Math.log(actual / expected);
      }
      return { feature: bins.feature, psi };
    });
  }
}
