/**
 * Builds query-protocol XML from a handler's output object: arrays become `<member>` (awsQuery) or
 * `<item>` (ec2Query) lists, Dates ISO-8601, booleans `true`/`false`, undefined/null are left out.
 * Keys are element names as they are on the wire (ec2Query: `vpcSet`, `groupId`...).
 */
import { createRequire } from 'node:module';
import type { XMLBuilder } from 'fast-xml-parser';

let builder: XMLBuilder | undefined;

/**
 * The builder, made on first use from fast-xml-parser's single-file CommonJS build: its ESM build is
 * dozens of modules and would triple the sandbox's start time.
 */
function xmlBuilder(): XMLBuilder {
  if (!builder) {
    const { XMLBuilder: Builder } = createRequire(import.meta.url)(
      'fast-xml-parser',
    ) as typeof import('fast-xml-parser');
    builder = new Builder({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      suppressEmptyNode: false,
      processEntities: true,
    });
  }
  return builder;
}

function toTree(value: unknown, itemName: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) {
    const items = value.map((v) => toTree(v, itemName)).filter((v) => v !== undefined);
    return items.length === 0 ? '' : { [itemName]: items };
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const t = toTree(v, itemName);
      if (t !== undefined) out[k] = t;
    }
    return out;
  }
  return String(value);
}

/** `<root xmlns="ns">…body…</root>` with the given XML namespace. */
export function buildXml(root: string, body: unknown, itemName: 'member' | 'item', xmlns?: string): string {
  const tree = (toTree(body, itemName) ?? '') as Record<string, unknown> | string;
  const content = typeof tree === 'string' ? { '#text': tree } : tree;
  return xmlBuilder().build({ [root]: xmlns ? { '@_xmlns': xmlns, ...content } : content });
}
