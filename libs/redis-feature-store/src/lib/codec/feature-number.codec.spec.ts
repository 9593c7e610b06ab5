import { decodeFeatureValue, formatFeatureNumber, parseStoredNumber } from './feature-number.codec';

describe('formatFeatureNumber', () => {
  it('writes integers plainly and other numbers in C %g style, shortest that reads back', () => {
    expect(formatFeatureNumber(3)).toBe('3');
    expect(formatFeatureNumber(-0)).toBe('0');
    expect(formatFeatureNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatFeatureNumber(10.35)).toBe('10.35');
    expect(formatFeatureNumber(0.00001)).toBe('1e-05');
    expect(formatFeatureNumber(1.5e-7)).toBe('1.5e-07');
    expect(formatFeatureNumber(2 ** 53)).toBe('9007199254740992');
    expect(formatFeatureNumber(1e21)).toBe('1e+21');
    expect(formatFeatureNumber(123456789012345680000)).toBe('1.2345678901234568e+20');
    // Exact ties round half to even, as C's printf does (JavaScript's toPrecision rounds them up).
    expect(formatFeatureNumber(1 + 2 ** -17)).toBe('1.0000076293945312');
    expect(formatFeatureNumber(123456789012345.125)).toBe('123456789012345.12');
    expect(formatFeatureNumber(1429922927812057.25)).toBe('1429922927812057.2');
  });

  it('always reads back as the same double', () => {
    const values = Array.from({ length: 5000 }, () => (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20));
    expect(values.filter((value) => Number(formatFeatureNumber(value)) !== value)).toEqual([]);
  });
});

describe('decodeFeatureValue', () => {
  it('reads back the numbers the store writes', () => {
    for (const value of [0, 7, -3, 0.1, 0.30000000000000004, 1e-5, 2 ** 53, 1e21, 1234.5]) {
      expect(decodeFeatureValue(formatFeatureNumber(value))).toBe(value);
      expect(decodeFeatureValue(String(value))).toBe(value);
    }
  });

  it('keeps every other string as it is, so String(value) always gives the stored text', () => {
    for (const text of ['2053013555631882655', '-2053013555631882655', '9007199254740993', '007', '1.50', '-0', '', ' 1', '1e5', '0x10', 'NaN', 'abc']) {
      expect(decodeFeatureValue(text)).toBe(text);
    }
    for (const text of ['44600062', '0.5', '12', '100000000000000000', '2053013555631882800']) expect(String(decodeFeatureValue(text))).toBe(text);
    // The store's own text for computed numbers reads as a number too; formatFeatureNumber gives it back.
    expect(decodeFeatureValue('1e-05')).toBe(0.00001);
  });
});

describe('parseStoredNumber', () => {
  it('reads numbers and treats anything else as absent', () => {
    expect(parseStoredNumber('12.5')).toBe(12.5);
    expect(parseStoredNumber(undefined)).toBeNull();
    expect(parseStoredNumber('')).toBeNull();
    expect(parseStoredNumber('apple')).toBeNull();
  });
});
