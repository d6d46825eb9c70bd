import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { railJsonSchema } from '../../src/lib/config/json-schema.js';
import { ROOT } from '../helpers/cli.js';

describe('schema/rail.schema.json', () => {
  it('is generated from the zod schema (run `npm run schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'schema/rail.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(railJsonSchema())));
  });

  it('is referenced from the example so editors complete it', () => {
    expect(readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8')).toContain(
      '$schema=../schema/rail.schema.json',
    );
  });
});
