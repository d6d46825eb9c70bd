/**
 * A plan as the commands print it: one line per resource, what happens to it, and for updates
 * `field: old -> new`. The engines return plans; only the command layer turns them into text.
 */
import type { PlanItem } from '../lib/common/plan.js';
import { c, result } from './output.js';

const MARK: Record<PlanItem['action'], string> = {
  create: '+ create',
  update: '~ update',
  unchanged: '= unchanged',
  delete: '- delete',
  blocked: '! blocked',
};

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(none)';
  if (Array.isArray(v)) return v.length ? v.map(String).join(',') : '(none)';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function paint(action: PlanItem['action'], text: string): string {
  if (action === 'create') return c.ok(text);
  if (action === 'update') return c.warn(text);
  if (action === 'delete' || action === 'blocked') return c.bad(text);
  return c.dim(text);
}

export function planLine(item: PlanItem): string {
  const head = `  ${paint(item.action, MARK[item.action].padEnd(11))} ${item.kind.padEnd(16)} ${item.name}`;
  const changes = (item.changes ?? []).map((ch) => `${ch.field}: ${show(ch.from)} -> ${show(ch.to)}`);
  const tail = [...changes, ...(item.note ? [item.note] : [])];
  return tail.length ? `${head}  (${tail.join('; ')})` : head;
}

export function countActions(items: PlanItem[]): Record<PlanItem['action'], number> {
  const n = { create: 0, update: 0, unchanged: 0, delete: 0, blocked: 0 };
  for (const i of items) n[i.action]++;
  return n;
}

export function countLine(items: PlanItem[]): string {
  const n = countActions(items);
  return (
    `${n.create} to create, ${n.update} to update, ${n.delete} to delete, ${n.unchanged} unchanged` +
    (n.blocked ? `, ${n.blocked} blocked` : '')
  );
}

/** The plan on stdout (suppressed under --json: the caller prints the items as JSON). */
export function printPlan(title: string, items: PlanItem[]): void {
  result(c.bold(title));
  for (const item of items) result(planLine(item));
  result(`Plan: ${countLine(items)}.`);
}
