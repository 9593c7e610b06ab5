import { LakeInvalidArgumentError } from '../errors/lake-invalid-argument.error';

const MAX_PAGE_SIZE = 1000;

export function assertValidPageSize(pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new LakeInvalidArgumentError('pageSize', `expected an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
}
