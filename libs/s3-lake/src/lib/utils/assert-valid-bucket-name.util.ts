import { LakeErrorCode } from '../errors/lake.error';
import { LakeInvalidArgumentError } from '../errors/lake-invalid-argument.error';

/** S3's bucket naming rules, also applied to the filesystem driver's folders. */
export function assertValidBucketName(name: string): void {
  const fail = (reason: string) =>
    new LakeInvalidArgumentError(`bucket name ${JSON.stringify(name)}`, reason, LakeErrorCode.InvalidBucket);
  if (typeof name !== 'string' || name.length < 3 || name.length > 63) throw fail('expected 3 to 63 characters');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    throw fail('expected lowercase letters, digits, "." and "-", starting and ending with a letter or digit');
  }
  if (name.includes('..')) throw fail('has two adjacent periods');
}
