import { describeAppProcess } from '@platform/testing/jest';

describeAppProcess('trainer');
