import { SeededRandom } from '../common/seeded-random';
import { sortFloat32 } from './sort-float32.util';

describe('sortFloat32', () => {
  it('sorts like a numeric sort, negatives, zeros and infinities included', () => {
    const random = new SeededRandom(1);
    const values = Float32Array.from({ length: 5000 }, (_, i) =>
      i % 97 === 0 ? -Infinity : i % 89 === 0 ? Infinity : i % 83 === 0 ? 0 : (random.next() - 0.5) * 10 ** random.nextInt(12),
    );
    expect(Array.from(sortFloat32(values))).toEqual(Array.from(Float32Array.from(values).sort()));
  });
});
