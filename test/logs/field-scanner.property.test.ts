/** Properties of the field scanner: whatever AWS writes in the documented format reads back as written. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanFields } from '../../src/lib/logs/field-scanner.js';
import { quote } from './log-writer.js';

/** A quoted field's value: any text on one line, quotes, backslashes and spaces included. */
const quotedValue = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
/** An unquoted field: no space, no quote, not empty (AWS writes `-` for nothing). */
const plainValue = fc.stringMatching(/^[^\s"][^\s]{0,20}$/);
const fieldArb = fc.oneof(
  quotedValue.map((v) => ({ v, quoted: true })),
  plainValue.map((v) => ({ v, quoted: false })),
);

const scan = (line: string) => {
  const out: string[] = [];
  return out.slice(0, scanFields(line, out));
};

describe('format -> parse', () => {
  it('round-trips every field, quoted or not', () => {
    fc.assert(
      fc.property(fc.array(fieldArb, { minLength: 1, maxLength: 30 }), (fields) => {
        const line = fields.map((f) => (f.quoted ? quote(f.v) : f.v)).join(' ');
        expect(scan(line)).toEqual(fields.map((f) => f.v));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the known fields the same whatever fields AWS appends after them', () => {
    fc.assert(
      fc.property(
        fc.array(fieldArb, { minLength: 1, maxLength: 10 }),
        fc.array(fieldArb, { maxLength: 5 }),
        (known, appended) => {
          const write = (fs: { v: string; quoted: boolean }[]) =>
            fs.map((f) => (f.quoted ? quote(f.v) : f.v)).join(' ');
          const line = appended.length ? `${write(known)} ${write(appended)}` : write(known);
          expect(scan(line).slice(0, known.length)).toEqual(known.map((f) => f.v));
        },
      ),
      { numRuns: 300 },
    );
  });
});
