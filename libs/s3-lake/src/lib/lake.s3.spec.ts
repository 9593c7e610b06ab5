import { createS3LakeHarness } from '../testing/s3-lake.harness';
import { describeLakeContract } from '../testing/lake.contract';

describeLakeContract('S3 on the dev S3 server', createS3LakeHarness);
