import { classifyFailure } from './classify-failure';
import { PlatformError } from './platform-error';

describe('classifyFailure', () => {
  it('takes an error that says whether it is retriable at its word, with its code', () => {
    expect(classifyFailure(new PlatformError('no model', 'NO_MODEL', false))).toEqual({ code: 'NO_MODEL', retriable: false, known: true });
    expect(classifyFailure(Object.assign(new Error('busy'), { retriable: true }))).toEqual({ retriable: true, known: true });
  });

  it('calls connection failures retriable, by code, PostgreSQL state or driver message', () => {
    expect(classifyFailure(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toEqual({ code: 'ECONNREFUSED', retriable: true, known: true });
    expect(classifyFailure(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toMatchObject({
      retriable: true,
      known: true,
    });
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toEqual({ retriable: true, known: true });
  });

  it('defaults to retriable for anything else, saying the class is not known', () => {
    expect(classifyFailure(new TypeError('x is undefined'))).toEqual({ retriable: true, known: false });
    expect(classifyFailure('a string')).toEqual({ retriable: true, known: false });
    expect(classifyFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toEqual({ code: '23505', retriable: true, known: false });
  });
});
