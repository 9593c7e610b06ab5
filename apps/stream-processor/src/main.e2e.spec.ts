import { describeAppProcess } from '@platform/testing';

describeAppProcess('stream-processor');
