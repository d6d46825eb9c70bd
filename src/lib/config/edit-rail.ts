/**
 * Records what a one-hop command did in rail.yaml, keeping the file's comments and layout (the `yaml`
 * library's document model), so `rails add-service` / `rails route add|remove` and the next `rails up`
 * agree instead of the next `up` undoing them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';

export type PathEdit = { add: string } | { remove: string };

/** The service's map in the document, or undefined. */
function serviceOf(doc: ReturnType<typeof parseDocument>, service: string): YAMLMap | undefined {
  const services = doc.get('services');
  if (!isSeq(services)) return undefined;
  const svc = services.items.find((item) => isMap(item) && item.get('name') === service);
  return isMap(svc) ? svc : undefined;
}

const scalarValue = (node: unknown) => (isScalar(node) ? node.value : node);

/**
 * Applies the edit to `file`; returns true when the file changed. The last path of a service is never
 * removed (a service needs one): the caller says so instead.
 */
export async function editServicePaths(file: string, service: string, edit: PathEdit): Promise<boolean> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const paths = serviceOf(doc, service)?.get('paths');
  if (!isSeq(paths)) return false;
  const values = paths.items.map(scalarValue);
  if ('add' in edit) {
    if (values.includes(edit.add)) return false;
    paths.add(doc.createNode(edit.add));
  } else {
    const at = values.indexOf(edit.remove);
    if (at < 0 || values.length === 1) return false;
    paths.items.splice(at, 1);
  }
  await writeFile(file, doc.toString());
  return true;
}

/**
 * Sets the given fields of a service in `file`, adding the service when it is not there yet; returns
 * true when the file changed.
 */
export async function recordServiceFields(
  file: string,
  service: string,
  fields: Record<string, unknown>,
): Promise<boolean> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  if (!isSeq(doc.get('services'))) doc.set('services', doc.createNode([]));
  const services = doc.get('services') as YAMLSeq;
  const svc = serviceOf(doc, service);
  let changed = false;
  if (!svc) {
    services.add(doc.createNode({ name: service, ...fields }));
    changed = true;
  } else {
    const current = svc.toJSON() as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (isDeepStrictEqual(current[key], value)) continue;
      svc.set(key, doc.createNode(value));
      changed = true;
    }
  }
  if (changed) await writeFile(file, doc.toString());
  return changed;
}

/** Sets top-level fields of rail.yaml (subnets, certificate, staticIps...); true when the file changed. */
export async function recordRailFields(file: string, fields: Record<string, unknown>): Promise<boolean> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const current = (doc.toJSON() ?? {}) as Record<string, unknown>;
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || isDeepStrictEqual(current[key], value)) continue;
    doc.set(key, doc.createNode(value));
    changed = true;
  }
  if (changed) await writeFile(file, doc.toString());
  return changed;
}
