import { DEFAULT_IN_PROCESS_PARTITIONS, InProcessBus } from '../lib/in-process/in-process.bus';
import { describeEventBusContract } from './event-bus.contract';

describeEventBusContract('in-process bus', async () => ({
  config: { kind: 'in-process' },
  options: { bus: new InProcessBus(), topicPrefix: 'contract.' },
  partitions: DEFAULT_IN_PROCESS_PARTITIONS,
  cleanup: async () => undefined,
}));
