import { describeAppProcess } from '@platform/dev-services';

describeAppProcess('trainer');
