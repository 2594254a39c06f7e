/**
 * A token's time claims in words (core/token/timeClaims.ts): one wording for the simulation trace (CLI,
 * hover, reports) and for the decoded token's dates (hover, Decode token report).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeNumericDate, describeTimeClaim, formatDuration, isoDate, timeClaimDates } from '../../core/token/timeClaims';
import { NOW } from './evaluate-fixtures';

describe('describeNumericDate', () => {
  it('describes an expiry in the future and in the past relative to now', () => {
    assert.equal(describeNumericDate(NOW + 5 * 60, NOW, 'exp'), '2026-11-26 13:05:00 UTC (expires in 5 minutes)');
    assert.equal(describeNumericDate(NOW - 3 * 86400, NOW, 'exp'), '2026-11-23 13:00:00 UTC (expired 3 days ago)');
  });

  it('describes issue times and not-before times', () => {
    assert.equal(describeNumericDate(NOW - 90 * 60, NOW, 'iat'), '2026-11-26 11:30:00 UTC (issued 1 hour 30 minutes ago)');
    assert.equal(describeNumericDate(NOW + 30, NOW, 'nbf'), '2026-11-26 13:00:30 UTC (not valid for another 30 seconds)');
  });

  it('says when a value is not a NumericDate', () => {
    assert.match(describeNumericDate('tomorrow', NOW, 'exp'), /not a NumericDate/);
    assert.match(describeNumericDate(1e20, NOW, 'exp'), /out of the range/);
  });

  it('formats durations in the largest sensible unit, spelt out', () => {
    assert.deepEqual([1, 45, 60, 12 * 60, 3 * 3600, 3 * 3600 + 5 * 60, 47 * 3600, 5 * 86400].map(formatDuration), [
      '1 second',
      '45 seconds',
      '1 minute',
      '12 minutes',
      '3 hours',
      '3 hours 5 minutes',
      '47 hours',
      '5 days',
    ]);
  });
});

describe('describeTimeClaim: each claim with its own verb, the same words in the trace and in the dates', () => {
  it('past, now and future', () => {
    const rows = (['exp', 'nbf', 'iat', 'auth_time'] as const).map((claim) => [-120, 0, 120].map((delta) => describeTimeClaim(claim, NOW + delta, NOW)));
    assert.deepEqual(rows, [
      ['expired 2 minutes ago', 'expired just now', 'expires in 2 minutes'],
      ['valid since 2 minutes ago', 'valid from now', 'not valid for another 2 minutes'],
      ['issued 2 minutes ago', 'issued just now', 'issued 2 minutes from now, in the future'],
      ['signed in 2 minutes ago', 'signed in just now', 'signed in 2 minutes from now, in the future'],
    ]);
  });

  it('the decoded dates use the same phrase as the trace', () => {
    const claims = { iat: NOW - 60, auth_time: NOW - 120, exp: NOW + 12 * 60, nbf: 'soon', sub: 'x' };
    assert.deepEqual(timeClaimDates(claims, NOW), [
      { claim: 'iat', unixSeconds: NOW - 60, iso: isoDate(NOW - 60), relative: 'issued 1 minute ago' },
      { claim: 'auth_time', unixSeconds: NOW - 120, iso: isoDate(NOW - 120), relative: 'signed in 2 minutes ago' },
      { claim: 'exp', unixSeconds: NOW + 720, iso: isoDate(NOW + 720), relative: 'expires in 12 minutes' },
    ]);
    assert.ok(describeNumericDate(claims.exp, NOW, 'exp').endsWith(`(${timeClaimDates(claims, NOW)[2].relative})`));
  });

  it('isoDate: whole seconds without milliseconds; a number no Date holds is shown as it is', () => {
    assert.equal(isoDate(NOW), '2026-11-26T13:00:00Z');
    assert.equal(isoDate(1e20), '100000000000000000000');
  });
});
