/**
 * Records a route in rail.yaml: adds or removes one path pattern of a service, keeping the file's
 * comments and layout (the `yaml` library's document model), so `rails route add|remove` and the next
 * `rails up` agree.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument, type YAMLSeq } from 'yaml';

export type PathEdit = { add: string } | { remove: string };

/** The service's `paths` sequence in the document, or undefined. */
function pathsOf(doc: ReturnType<typeof parseDocument>, service: string): YAMLSeq | undefined {
  const services = doc.get('services');
  if (!isSeq(services)) return undefined;
  const svc = services.items.find((item) => isMap(item) && item.get('name') === service);
  const paths = isMap(svc) ? svc.get('paths') : undefined;
  return isSeq(paths) ? paths : undefined;
}

const scalarValue = (node: unknown) => (isScalar(node) ? node.value : node);

/**
 * Applies the edit to `file`; returns true when the file changed. The last path of a service is never
 * removed (a service needs one): the caller says so instead.
 */
export async function editServicePaths(file: string, service: string, edit: PathEdit): Promise<boolean> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const paths = pathsOf(doc, service);
  if (!paths) return false;
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
