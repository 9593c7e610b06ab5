import { describeAppProcess } from '@platform/testing';

describeAppProcess('trainer');
