/**
 * The update type is owned by the reducer (`@platform/features`, DESIGN.md section 6), so online
 * and offline share one definition, and `applyKeyUpdate` there is the reference semantics both
 * drivers here follow:
 * - incr adds (missing counts as 0), max/min keep the larger/smaller value;
 * - latest writes its fields, `<group>_at` and `<group>_tb` only when (at, tiebreak) is strictly
 *   newer than the stored stamp: commutative, and a repeat changes nothing;
 * - expireSeconds (re)sets the key's time to live after the update;
 * - expiry drops the stored record first when it expired in event time (its newest event time is
 *   expireSeconds or more before the update's oldest);
 * - caps trim capped sets (members written by max) to their newest members after the update.
 */
export type { FeatureRecord, FieldCap, KeyUpdate } from '@platform/features';
