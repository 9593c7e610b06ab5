import { AshaScheduler } from './asha.scheduler';

describe('AshaScheduler', () => {
  it('places rungs at gracePeriod * eta^k below maxRounds', () => {
    const asha = new AshaScheduler({ gracePeriod: 5, reductionFactor: 3, maxRounds: 100 });
    expect(asha.rungs).toEqual([5, 15, 45]);
    expect(asha.nextMilestone(0)).toBe(5);
    expect(asha.nextMilestone(5)).toBe(15);
    expect(asha.nextMilestone(45)).toBe(100);
  });

  it('stops trials below the top 1/eta of a rung and keeps the others', () => {
    const asha = new AshaScheduler({ gracePeriod: 1, reductionFactor: 2, maxRounds: 8 });
    expect(asha.onMilestone('a', 1, 0.7)).toBe('continue'); // alone: nothing to compare with
    expect(asha.onMilestone('b', 1, 0.9)).toBe('continue');
    expect(asha.onMilestone('c', 1, 0.6)).toBe('stop');
    expect(asha.onMilestone('d', 1, 0.95)).toBe('continue');
  });

  it('restores recorded rungs from its state', () => {
    const asha = new AshaScheduler({ gracePeriod: 1, reductionFactor: 2, maxRounds: 8 });
    asha.onMilestone('a', 1, 0.9);
    asha.onMilestone('b', 1, 0.8);
    const restored = new AshaScheduler(asha.config, JSON.parse(JSON.stringify(asha.getState())));
    expect(restored.onMilestone('c', 1, 0.5)).toBe('stop');
  });
});
