// Test harness of libs/serving (excluded from builds): test champions on real events.
export * from './rees46-feature-events';
export * from './reference-histograms';
export * from './namespace-champion';
export * from './test-champion';
