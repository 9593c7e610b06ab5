import { FeatureRow, snapshot } from '@platform/features';
import { ModelManifest } from '@platform/model-registry';
import { DriftWindow } from './drift-window';

const manifest = {
  featureNames: ['price', 'brand'],
  vocabularies: { brand: ['apple', 'samsung'] },
  referenceHistograms: {
    price: { kind: 'numeric', edges: [10, 100], fractions: [0.25, 0.5, 0.25], missingFraction: 0 },
    brand: { kind: 'categorical', fractions: [0.5, 0.5, 0], missingFraction: 0 },
  },
} as unknown as ModelManifest;

const row = (price: number, brand: string | null): FeatureRow => ({ ...snapshot({ triple: null, session: null, user: null, product: null }), price, brand });

describe('DriftWindow', () => {
  it('is near 0 on the reference distribution and large when the population moves', () => {
    const window = new DriftWindow(manifest, 400);
    for (let i = 0; i < 100; i++) {
      window.observe(row(5, 'apple'));
      window.observe(row(50, 'samsung'));
      window.observe(row(60, 'apple'));
      window.observe(row(500, 'samsung'));
    }
    expect(window.size).toBe(400);
    for (const { psi } of window.psi()) expect(psi).toBeLessThan(1e-9);

    // The window slides: 400 new vectors push the old ones out entirely.
    for (let i = 0; i < 400; i++) window.observe(row(NaN, 'nokia'));
    const drift = Object.fromEntries(window.psi().map(({ feature, psi }) => [feature, psi]));
    expect(window.size).toBe(400);
    expect(drift['price']).toBeGreaterThan(5);
    expect(drift['brand']).toBeGreaterThan(5);
  });

  it('puts values on the histogram’s bin edges where model.json says (edges[i-1] < v <= edges[i])', () => {
    const window = new DriftWindow(manifest, 4);
    for (const price of [10, 10.5, 100, 100.01]) window.observe(row(price, 'apple'));
    // Exactly 25 % / 50 % / 25 %: the reference itself.
    expect(window.psi().find(({ feature }) => feature === 'price')?.psi).toBeLessThan(1e-9);
  });

  it('watches nothing it cannot bin, and reports nothing before the first vector', () => {
    const broken = { ...manifest, referenceHistograms: { price: { kind: 'numeric', edges: [1], fractions: [1], missingFraction: 0 } } } as unknown as ModelManifest;
    expect(new DriftWindow(broken, 10).features).toEqual([]);
    expect(new DriftWindow(manifest, 10).psi()).toEqual([]);
  });
});
