/**
 * One record to read: a key, or a key made of a field of an earlier read in the same call
 * (`prefix + <field value> + suffix`), for a pointer such as a user's latest session. A read
 * through a missing record or a missing field is `null`.
 */
export type RecordRead = string | FollowedRead;

interface FollowedRead {
  /** Index of an earlier read of the same call, itself a plain key. */
  via: number;
  field: string;
  prefix: string;
  suffix?: string;
}
