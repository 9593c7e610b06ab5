import type { ClickstreamRates } from './clickstream-rates';

/**
 * The rates of the two real REES46 slices in /work/shared/data/rees46, as measured by
 * `measureClickstreamRates` (`simulator rates <file>`; README table). The simulator's defaults are
 * calibrated against them and its spec checks that it stays close.
 */
export const REAL_REES46_RATES: Record<'november' | 'october', ClickstreamRates> = {
  november: {
    events: 300000,
    sessions: 73246,
    users: 57920,
    products: 37564,
    eventsPerSession: 4.0958,
    sessionsPerUser: 1.2646,
    singleEventSessions: 0.365,
    distinctProductsPerSession: 2.6506,
    viewShare: 0.9672,
    cartShare: 0.0145,
    removeShare: 0,
    purchaseShare: 0.0184,
    viewsPerCart: 66.8857,
    cartsPerView: 0.015,
    purchasesPerView: 0.019,
    purchasesWithoutCart: 0.6774,
    examplesPerEvent: 0.6471,
    positiveRate: 0.0266,
    top1PercentProductsViewShare: 0.3324,
    top10PercentProductsViewShare: 0.6627,
    meanSessionSeconds: 247.636,
  },
  october: {
    events: 100000,
    sessions: 20550,
    users: 16590,
    products: 22606,
    eventsPerSession: 4.8662,
    sessionsPerUser: 1.2387,
    singleEventSessions: 0.3642,
    distinctProductsPerSession: 3.2216,
    viewShare: 0.9784,
    cartShare: 0.0094,
    removeShare: 0,
    purchaseShare: 0.0123,
    viewsPerCart: 104.3038,
    cartsPerView: 0.0096,
    purchasesPerView: 0.0125,
    purchasesWithoutCart: 0.6702,
    examplesPerEvent: 0.6619,
    positiveRate: 0.0166,
    top1PercentProductsViewShare: 0.257,
    top10PercentProductsViewShare: 0.5617,
    meanSessionSeconds: 242.4543,
  },
};
