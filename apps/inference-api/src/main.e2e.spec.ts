import { describeAppProcess } from '@platform/testing';

describeAppProcess('inference-api');
