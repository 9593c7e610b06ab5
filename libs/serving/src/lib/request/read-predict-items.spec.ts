import { InvalidPredictRequestError } from '../errors/invalid-predict-request.error';
import { TooManyItemsError } from '../errors/too-many-items.error';
import { parsePredictBody } from './parse-predict-body';

function issuesOf(body: string, maxItems = 1000) {
  try {
    parsePredictBody(body, maxItems);
  } catch (error) {
    if (error instanceof InvalidPredictRequestError) return error.issues;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parsePredictBody', () => {
  it('keeps ids exact whether numbers or strings, lower-cases sessions and leaves an omitted session out', () => {
    expect(
      parsePredictBody(
        '[{"user_id": 571535080, "product_id": 12300394},' +
          '{"user_id": 9223372036854775807, "product_id": "18446744073709551615", "user_session": "2F1D5E0A-9B1C-4D2E-8F3A-6B7C8D9E0F1A"},' +
          '{"user_id": "1", "product_id": 2, "user_session": null}]',
        10,
      ),
    ).toEqual([
      { user_id: '571535080', product_id: '12300394' },
      { user_id: '9223372036854775807', product_id: '18446744073709551615', user_session: '2f1d5e0a-9b1c-4d2e-8f3a-6b7c8d9e0f1a' },
      { user_id: '1', product_id: '2' },
    ]);
  });

  it('names every bad field with its value and rule', () => {
    expect(issuesOf('[{"user_id": 1e3, "product_id": "x1", "user_session": 5, "extra": 1}, 7]')).toEqual([
      { path: '[0].extra', value: '1', rule: 'unknown_field', message: expect.any(String) },
      { path: '[0].user_id', value: '1e3', rule: 'digits', message: expect.any(String) },
      { path: '[0].product_id', value: '"x1"', rule: 'digits', message: expect.any(String) },
      { path: '[0].user_session', value: '5', rule: 'session_type', message: expect.any(String) },
      { path: '[1]', value: '7', rule: 'object', message: expect.any(String) },
    ]);
  });

  it('reports prototype keys as unknown fields and never follows them', () => {
    const issues = issuesOf('[{"user_id": 1, "product_id": 2, "__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}]');
    expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([
      ['[0].__proto__', 'unknown_field'],
      ['[0].constructor', 'unknown_field'],
    ]);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('refuses what is not a non-empty JSON array, and bounds the issues it lists', () => {
    expect(issuesOf('')[0]).toMatchObject({ rule: 'json', message: expect.stringContaining('empty') });
    expect(issuesOf('[1,')[0]).toMatchObject({ path: '', rule: 'json' });
    expect(issuesOf('{"user_id": 1}')[0]).toMatchObject({ path: '', rule: 'array', value: 'object' });
    expect(issuesOf('[]')[0]).toMatchObject({ rule: 'min_items' });
    expect(issuesOf(JSON.stringify(Array.from({ length: 500 }, () => ({ user_id: 'x', product_id: 'y' }))))).toHaveLength(100);
  });

  it('answers too many items with the limit, before looking at them', () => {
    expect(() => parsePredictBody(JSON.stringify([{}, {}, {}]), 2)).toThrow(TooManyItemsError);
    expect(() => parsePredictBody(JSON.stringify([{}, {}, {}]), 2)).toThrow('3 items in one request, more than the limit of 2 (INFERENCE_MAX_ITEMS)');
  });
});
