const SAFE = 2 ** 53;
const LONG_INTEGER = /^-?[1-9]\d{17,}$/;

/**
 * How the store writes a number it computed (an `incr` sum). The Redis script does the same in
 * Lua (`%d` for safe integers, else the shortest of `%.15g`/`%.16g`/`%.17g` that reads back
 * exactly), so both drivers store identical strings and the sums are plain IEEE doubles in both.
 */
export function formatFeatureNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < SAFE) return String(value === 0 ? 0 : value);
  // Fast path: up to 15 significant digits, %.15g rounds to JavaScript's own shortest digits
  // (any 15-digit decimal survives a trip through a double), and both write fixed notation here.
  if (magnitude >= 1e-4 && magnitude < 1e15) {
    const text = String(value);
    if (text.replace(/^-?0*\.?0*/, '').replace('.', '').length <= 15) return text;
  }
  for (const precision of [15, 16]) {
    const text = formatG(value, precision);
    if (Number(text) === value) return text;
  }
  return formatG(value, 17);
}

/**
 * C's `printf("%.<precision>g")` as glibc (and so Lua's string.format) does it: rounding the
 * exact binary value half to even. JavaScript's toPrecision rounds ties up, which differs on
 * values such as 1 + 2^-17, so the digits are computed exactly with BigInt. Finite numbers only.
 */
function formatG(value: number, precision: number): string {
  let { digits, exponent } = exactDecimal(Math.abs(value));
  if (digits.length > precision) {
    const dropped = digits.slice(precision);
    let kept = BigInt(digits.slice(0, precision));
    const firstDropped = dropped.charAt(0);
    const beyondHalf = /[1-9]/.test(dropped.slice(1));
    if (firstDropped > '5' || (firstDropped === '5' && (beyondHalf || kept % 2n === 1n))) kept += 1n;
    exponent += dropped.length;
    digits = kept.toString();
    if (digits.length > precision) {
      digits = digits.slice(0, precision); // 999.. rounded up to 1000..: one zero too many
      exponent += 1;
    }
  }
  const scientific = digits.length - 1 + exponent;
  digits = digits.replace(/0+$/, '') || '0';
  const sign = value < 0 ? '-' : '';
  if (scientific < -4 || scientific >= precision) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${scientific < 0 ? '-' : '+'}${String(Math.abs(scientific)).padStart(2, '0')}`;
  }
  if (scientific < 0) return `${sign}0.${'0'.repeat(-scientific - 1)}${digits}`;
  const integer = digits.slice(0, scientific + 1).padEnd(scientific + 1, '0');
  const fraction = digits.slice(scientific + 1);
  return `${sign}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** A positive finite double as exactly `digits × 10^exponent`. */
function exactDecimal(value: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const power = biasedExponent === 0 ? -1074 : biasedExponent - 1075; // value = mantissa × 2^power
  if (power >= 0) return { digits: (mantissa << BigInt(power)).toString(), exponent: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  return { digits: (mantissa * 5n ** BigInt(-power)).toString(), exponent: power };
}

/**
 * A stored string as a number when it is exactly how a number is written (by JavaScript's
 * `String(n)` or by `formatFeatureNumber`), else the string itself. So `String(value)` gives the
 * stored text back, and ids that do not fit a double ("2053013555631882655") stay strings.
 */
export function decodeFeatureValue(stored: string): number | string {
  if (stored.length === 0 || stored.length > 32) return stored;
  const value = Number(stored);
  if (!Number.isFinite(value)) return stored;
  if (String(value) === stored) return value;
  // formatFeatureNumber never writes an integer of 18+ digits (it keeps at most 17 significant
  // digits, in e+ form up there): ids such as category_id, read on every prediction, skip its
  // exact BigInt formatting, the costliest step of reading a record.
  if (LONG_INTEGER.test(stored)) return stored;
  return formatFeatureNumber(value) === stored ? value : stored;
}

/** A stored field as a number for max/min/latest comparisons; null when it is not one. */
export function parseStoredNumber(stored: string | undefined): number | null {
  if (stored === undefined || stored.trim() === '') return null;
  const value = Number(stored);
  return Number.isNaN(value) ? null : value;
}
