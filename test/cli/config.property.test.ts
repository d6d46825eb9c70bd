// rail.yaml as a property: the shipped example with one to three generated breakages (a wrong type, a
// value out of range or out of pattern, an unknown key, a missing field, a YAML syntax error) is refused
// by `rails up` with exit 2 and a message naming what to fix, and no AWS call reaches the sandbox.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const example = parse(readFileSync(join(ROOT, 'examples/rail.yaml'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'rails-config-prop-'));
const sb = sandboxPerFile();

type Breakage = (rail: any) => void;
const top = (rail: any) => rail;
const service = (rail: any) => rail.services[0];
const sync = (rail: any) => rail.sync;
const healthCheck = (rail: any) => rail.services[0].healthCheck;

/** Sets `key` of the object `at` picks to one of `values`. */
function setTo(at: (rail: any) => any, key: string, values: unknown[]): fc.Arbitrary<Breakage> {
  return fc.constantFrom(...values).map((value) => (rail: any) => {
    at(rail)[key] = value;
  });
}

/** Removes one of `keys` from the object `at` picks. */
function remove(at: (rail: any) => any, keys: string[]): fc.Arbitrary<Breakage> {
  return fc.constantFrom(...keys).map((key) => (rail: any) => {
    delete at(rail)[key];
  });
}

/** Each of these alone makes the document invalid. */
const breakages: fc.Arbitrary<Breakage> = fc.oneof(
  setTo(top, 'stage', ['', 'UPPER', 'has space', 'a'.repeat(25), '-dash', 42, null, ['dev']]),
  setTo(top, 'vpc', ['vpc-xyz', 7, '', null]),
  setTo(top, 'subnets', [[], 'subnet-0c0ffee0000000a01', ['nope', 'nope2'], 3]),
  setTo(top, 'certificate', ['not-an-arn', 5, '']),
  setTo(top, 'staticIps', ['bogus', true, 1]),
  setTo(sync, 'runner', ['cron', 3]),
  setTo(sync, 'missesBeforeDeregister', [0, -1, 1.5, 'ten']),
  setTo(service, 'port', [0, 65536, -80, '8080x', 80.5]),
  setTo(service, 'desiredCount', [-1, 5001, 'two']),
  setTo(service, 'paths', [[], 'no-slash', ['/a', '/b', '/c', '/d', '/e', '/f'], [`/${'x'.repeat(130)}`]]),
  setTo(service, 'host', ['', 'has space.com', 'a/b']),
  setTo(healthCheck, 'interval', [1, 301, 'fast']),
  setTo(healthCheck, 'matcher', ['2xx', 'OK', '99']),
  fc.constantFrom('colour', 'Stage', 'service').chain((key) => setTo(top, key, ['red'])),
  fc.constantFrom('weight', 'Port').chain((key) => setTo(service, key, [1])),
  remove(top, ['stage', 'vpc', 'subnets', 'certificate']),
  remove(service, ['name', 'container', 'port']),
  setTo(service, 'image', ['nginx:1']),
  fc.constant((rail: any) => {
    rail.services.push(structuredClone(service(rail)));
  }),
);

/** The document: the example broken 1–3 ways, or (a tenth of the time) not YAML at all. */
const document = fc.oneof(
  { weight: 9, arbitrary: fc.array(breakages, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant('yaml-syntax' as const) },
);

function write(doc: Breakage[] | 'yaml-syntax', n: number): string {
  const file = join(dir, `rail-${n}.yaml`);
  if (doc === 'yaml-syntax') {
    writeFileSync(file, `${stringify(example)}\nservices: [ {name: x\n`);
    return file;
  }
  const rail = structuredClone(example);
  for (const breakIt of doc) breakIt(rail);
  writeFileSync(file, stringify(rail));
  return file;
}

let n = 0;
it('every broken rail.yaml: `rails up` exits 2, says what to fix, and makes no AWS call', async () => {
  await fc.assert(
    fc.asyncProperty(document, async (doc) => {
      const file = write(doc, n++);
      await sb.resetRequests();
      const out = await runCli(['up', '--config', file, '--yes'], { endpoint: sb.endpoint });
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toMatch(/error/);
      expect(out.stderr).not.toMatch(/\n\s+at /);
      expect(await sb.requests()).toEqual([]);
    }),
    { numRuns: 20 },
  );
}, 180_000);
