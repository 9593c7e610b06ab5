import { describeAppProcess } from '@platform/testing/jest';

describeAppProcess('inference-api');
