import { purchaseProbability, type PurchaseInputs } from './purchase-model';

const base: PurchaseInputs = {
  priceLogRatio: 0,
  eventsBefore: 0,
  pastPurchases: 0,
  popularityLog: 0,
  propensity: 0,
  priceSensitivity: 1,
  preferred: false,
};

describe('purchaseProbability', () => {
  const p = (change: Partial<PurchaseInputs>) => purchaseProbability({ ...base, ...change });

  it('is a probability, small for an average first view', () => {
    expect(p({})).toBeGreaterThan(0);
    expect(p({})).toBeLessThan(0.02);
  });

  it('rises for cheaper products, busier sessions, returning buyers, popular products and preferred categories', () => {
    expect(p({ priceLogRatio: -1 })).toBeGreaterThan(p({}));
    expect(p({ priceLogRatio: 1 })).toBeLessThan(p({}));
    expect(p({ eventsBefore: 10 })).toBeGreaterThan(p({ eventsBefore: 1 }));
    expect(p({ pastPurchases: 3 })).toBeGreaterThan(p({ pastPurchases: 0 }));
    expect(p({ popularityLog: 3 })).toBeGreaterThan(p({}));
    expect(p({ preferred: true })).toBeGreaterThan(p({}));
  });

  it('lets price sensitivity scale the price effect', () => {
    const gain = (sensitivity: number) => p({ priceLogRatio: -1, priceSensitivity: sensitivity }) / p({ priceSensitivity: sensitivity });
    expect(gain(2)).toBeGreaterThan(gain(0.5));
  });
});
