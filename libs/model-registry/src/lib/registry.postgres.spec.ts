import { describeRegistryContract } from '../testing/registry.contract';
import { scratchPostgresDatabase } from '../testing/registry-test-database';

describeRegistryContract('PostgreSQL', () => scratchPostgresDatabase());
