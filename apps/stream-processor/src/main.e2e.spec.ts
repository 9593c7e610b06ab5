import { describeAppProcess } from '@platform/dev-services';

describeAppProcess('stream-processor');
