// `rails route trace` inputs as properties: any URL, method, source IP and headers either parse into a
// request or are refused with a usage error (exit 2 from the CLI), never anything else; and the
// binary itself refuses malformed input with exit 2, a message and no stack, before any AWS call.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { parseTraceRequest } from '../../src/lib/trace/trace-route.js';
import { runCli } from '../helpers/cli.js';
import { sandboxPerFile } from '../helpers/sandbox.js';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const urlish = fc.oneof(
  anyText,
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(fc.constantFrom('http://', 'https://', 'ftp://', 'HTTP://', '//', ''), anyText)
    .map(([a, b]) => a + b),
);
const input = fc.record({
  url: urlish,
  method: fc.option(fc.oneof(anyText, fc.constantFrom('GET', 'POST', 'get', 'PATCH')), { nil: undefined }),
  sourceIp: fc.option(fc.oneof(anyText, fc.ipV4(), fc.ipV6()), { nil: undefined }),
  headers: fc.option(fc.array(fc.oneof(anyText, fc.constant('User-Agent=curl/8'), fc.constant('X: y'))), {
    nil: undefined,
  }),
});

describe('route trace input', () => {
  it('parses into a request the ALB could see, or is a usage error', () => {
    fc.assert(
      fc.property(input, (i) => {
        let req: ReturnType<typeof parseTraceRequest>;
        try {
          req = parseTraceRequest(i);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        expect(['http', 'https']).toContain(req.protocol);
        expect(req.path.startsWith('/')).toBe(true);
        // The query the ALB sees is the URL's, without its one leading `?` (`x??` has the query `?`).
        expect(req.query).toBe(new URL(i.url).search.slice(1));
        expect(Number.isInteger(req.port) && req.port > 0 && req.port < 65536).toBe(true);
        for (const name of Object.keys(req.headers)) expect(name).toBe(name.toLowerCase());
      }),
      { numRuns: 5000 },
    );
  });

  const sb = sandboxPerFile();
  const malformed = fc.oneof(
    fc.record({ args: fc.constantFrom(['not a url'], ['ftp://api.abq.com/x'], ['http://']) }),
    fc.record({
      args: fc
        .tuple(
          fc.constantFrom('--method', '--source-ip', '--header'),
          fc.constantFrom('', ' ', 'a b', '=x', '1.2.3.999'),
        )
        .map(([flag, value]) => ['https://api.abq.com/x', flag, value]),
    }),
  );

  it('the binary refuses malformed input with exit 2, a message, no stack and no AWS call', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async ({ args }) => {
        await sb.resetRequests();
        const out = await runCli(['route', 'trace', ...args, '--nlb', 'x-nlb', '--alb', 'x-alb'], {
          endpoint: sb.endpoint,
        });
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(/error/);
        expect(out.stderr).not.toMatch(/\n\s+at /);
        expect(await sb.requests()).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
