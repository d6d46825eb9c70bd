// Writes schema/rail.schema.json from the zod schema (src/lib/config/schema.ts), the single source.
// `npm run schema` after changing the schema; a test fails when the published file is stale.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/lib/config/json-schema.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: 'dist/json-schema.mjs',
  packages: 'external',
});
const { railJsonSchema } = await import(new URL('../dist/json-schema.mjs', import.meta.url).href);
writeFileSync('schema/rail.schema.json', `${JSON.stringify(railJsonSchema(), null, 2)}\n`);
