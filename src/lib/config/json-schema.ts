import * as z from 'zod/mini';
import { railSchema } from './schema.js';

/** The published JSON Schema of rail.yaml (editors use it for completion and checks). */
export function railJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(railSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://github.com/rails-cli/rails/schema/rail.schema.json',
    title: 'rails rail.yaml',
  };
}
