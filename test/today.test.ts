// src/shared/today.ts computes the UTC date without Date's methods (whose first use
// loads the local time zone): it must agree with toISOString everywhere.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { utcDate } from '../src/shared/today.js';

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

test('utcDate: day boundaries, leap days, centuries and the epoch', () => {
  const days = ['1970-01-01', '1969-12-31', '2000-02-29', '1900-02-28', '1900-03-01', '2024-02-29', '2026-11-24', '2100-03-01', '0000-01-01', '9999-12-31', '1600-02-29'];
  for (const day of days) {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    for (const ms of [start, start + 1, start + 86_399_999]) assert.is(utcDate(ms), day, `${day} at ${ms}`);
    if (day !== '0000-01-01') assert.is(utcDate(start - 1), iso(start - 1), `the millisecond before ${day}`);
  }
});

test('property: utcDate agrees with toISOString for years 0–9999', () => {
  const min = Date.parse('0000-01-01T00:00:00.000Z');
  const max = Date.parse('9999-12-31T23:59:59.999Z');
  fc.assert(fc.property(fc.integer({ min, max }), (ms) => utcDate(ms) === iso(ms)), { numRuns: 20_000, seed: 20261124 });
});

test.run();
