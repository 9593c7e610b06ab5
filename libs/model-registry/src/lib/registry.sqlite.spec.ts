import { describeRegistryContract } from '../testing/registry.contract';
import { temporarySqliteDatabase } from '../testing/registry-test-database';

describeRegistryContract('SQLite, better-sqlite3', temporarySqliteDatabase);
