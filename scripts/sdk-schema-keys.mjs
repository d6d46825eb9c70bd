// An esbuild plugin shared by the build (scripts/build.mjs) and bench/lib/sdk-only.mjs, which bundles
// the SDK as the engine bundles it.
import { readFileSync } from 'node:fs';

/**
 * A client's schemas (schemas/schemas_0.js: one array per shape and operation) are kept only where an
 * operation rails calls reaches them, once esbuild can see they are free of side effects. Traits keyed
 * by a constant, `{ [_xN]: _Fil }`, hide that: a computed key may run code. The key is the constant's
 * string, written out: `{ "xmlName": _Fil }`, the same object. EC2's schemas go from 580 KB to a few.
 */
export function sdkSchemaKeys() {
  return {
    name: 'sdk-schema-keys',
    setup(b) {
      b.onLoad(
        { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
        (args) => {
          const source = readFileSync(args.path, 'utf8');
          const strings = new Map();
          for (const m of source.matchAll(/^const (_[\w$]+) = ("(?:[^"\\\n]|\\.)*");$/gm))
            strings.set(m[1], m[2]);
          const contents = source.replace(/\[(_[\w$]+)\]:/g, (key, name) =>
            strings.has(name) ? `${strings.get(name)}:` : key,
          );
          return { contents, loader: 'js' };
        },
      );
    },
  };
}
