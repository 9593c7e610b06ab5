import { describeAppProcess } from '@platform/testing/jest';

describeAppProcess('stream-processor');
