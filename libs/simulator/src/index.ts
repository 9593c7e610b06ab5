export * from './generate-clickstream';
export * from './simulator-options';
export { REES46_HEADER, type SimulatorFormat } from './output/event-line-writer';
export { PURCHASE_MODEL, purchaseProbability, type PurchaseInputs } from './model/purchase-model';
export { HOURLY_WEIGHTS, PEAK_SESSIONS_PER_SECOND } from './model/daily-rhythm';
export { SESSION_BEHAVIOUR } from './session/session-behaviour';
