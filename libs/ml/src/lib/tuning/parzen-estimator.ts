import { itemAt } from '@platform/common';
import { SeededRandom } from '../common/seeded-random';

/**
 * A mixture of Gaussians truncated to [0, 1], one per observed point plus a wide prior
 * (mean 0.5, sigma 1), with hyperopt's bandwidths: each point's sigma is the larger gap to its
 * neighbours, clipped to [1 / min(100, n + 1), 1].
 */
export class ParzenEstimator {
  private readonly mus: number[];
  private readonly sigmas: number[];
  private readonly weights: number[];
  private readonly masses: number[];

  constructor(points: readonly number[], priorWeight: number) {
    const mus = [...points.map((p) => Math.min(Math.max(p, 0), 1)), 0.5];
    const order = mus.map((_, i) => i).sort((a, b) => itemAt(mus, a) - itemAt(mus, b));
    const minSigma = 1 / Math.min(100, mus.length + 1);
    const sigmas = new Array<number>(mus.length).fill(1);
    order.forEach((index, k) => {
      if (index === mus.length - 1) return; // the prior keeps sigma 1
      const mu = itemAt(mus, index);
      const below = order[k - 1];
      const above = order[k + 1];
      const left = below !== undefined ? mu - itemAt(mus, below) : mu;
      const right = above !== undefined ? itemAt(mus, above) - mu : 1 - mu;
      sigmas[index] = Math.min(Math.max(left, right, minSigma), 1);
    });
    const raw = mus.map((_, i) => (i === mus.length - 1 ? priorWeight : 1));
    const total = raw.reduce((a, b) => a + b, 0);
    this.mus = mus;
    this.sigmas = sigmas;
    this.weights = raw.map((w) => w / total);
    this.masses = mus.map((mu, i) => {
      const sigma = itemAt(sigmas, i);
      return normalCdf((1 - mu) / sigma) - normalCdf((0 - mu) / sigma);
    });
  }

  sample(random: SeededRandom): number {
    let pick = random.next();
    let i = 0;
    while (i < this.weights.length - 1 && pick >= (this.weights[i] ?? 0)) pick -= this.weights[i++] ?? 0;
    const mu = itemAt(this.mus, i);
    const sigma = itemAt(this.sigmas, i);
    for (let attempt = 0; attempt < 100; attempt++) {
      const x = mu + sigma * random.nextNormal();
      if (x >= 0 && x <= 1) return x;
    }
    return Math.min(Math.max(mu, 0), 1);
  }

  logDensity(x: number): number {
    let density = 0;
    // The four arrays have one entry per kernel: the defaults never apply.
    for (let i = 0; i < this.mus.length; i++) {
      const sigma = this.sigmas[i] ?? 1;
      const z = (x - (this.mus[i] ?? 0)) / sigma;
      density += ((this.weights[i] ?? 0) * Math.exp(-0.5 * z * z)) / (sigma * Math.sqrt(2 * Math.PI) * (this.masses[i] ?? 1));
    }
    return Math.log(density + 1e-300);
  }
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26; error below 1.5e-7, ample for kernels). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
