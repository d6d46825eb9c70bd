// compareText and groupedInteger stand in for localeCompare and toLocaleString('en-US') (ICU is slow to
// start): they must give the same answers, for rails's names and for any other text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, groupedInteger } from '../../src/lib/common/compare.js';

const sign = (n: number) => Math.sign(n) || 0;
const plain = fc.string({
  unit: fc.constantFrom(...'-.0123456789abcdefghijklmnopqrstuvwxyz'),
  maxLength: 12,
});
const ascii = fc.string({
  unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)),
  maxLength: 10,
});
const near = fc.string({ unit: fc.constantFrom(...'-._/: 0129aAbBzZ()$~'), maxLength: 8 });
const any = fc.string({ unit: fc.constantFrom(...'-._/:0129aAbBzZ Ææåø\t'), maxLength: 8 });

describe('compareText', () => {
  it('orders names as localeCompare does', () => {
    fc.assert(
      fc.property(fc.oneof(plain, ascii, near, any), fc.oneof(plain, ascii, near, any), (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      }),
      { numRuns: 20000 },
    );
  });

  it('orders IPv4 addresses as localeCompare does', () => {
    const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    fc.assert(
      fc.property(ip, ip, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      }),
    );
  });
});

describe('groupedInteger', () => {
  it("writes Math.round(n).toLocaleString('en-US')", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e7, max: 1e7 })), (n) => {
        expect(groupedInteger(n)).toBe(Math.round(n).toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
    for (const n of [
      0,
      -0,
      -0.4,
      0.5,
      999,
      1000,
      -1000,
      1234567,
      2 ** 53,
      -(2 ** 53),
      1e21,
      Number.NaN,
      Infinity,
    ])
      expect(groupedInteger(n)).toBe(Math.round(n).toLocaleString('en-US'));
  });
});
