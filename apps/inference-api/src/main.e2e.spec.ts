import { describeAppProcess } from '@platform/dev-services';

describeAppProcess('inference-api');
