/**
 * Fargate task sizes: how ECS reads `cpu`/`memory` and which pairs Fargate offers
 * (docs/aws-behaviour.md §5).
 */

/** `"256"`, `"0.25 vCPU"`, `"1 vcpu"` -> `"256"`, `"1024"`; undefined when unreadable. */
export function normalizeCpu(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const vcpu = /^(\d*\.?\d+)\s*vcpu$/i.exec(text);
  if (vcpu) return String(Math.round(Number(vcpu[1]) * 1024));
  return /^\d+$/.test(text) ? text : undefined;
}

/** `"512"`, `"0.5GB"`, `"2 gb"` -> MiB as a string; undefined when unreadable. */
export function normalizeMemory(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const gb = /^(\d*\.?\d+)\s*gb$/i.exec(text);
  if (gb) return String(Math.round(Number(gb[1]) * 1024));
  return /^\d+$/.test(text) ? text : undefined;
}

interface MemoryRange {
  min: number;
  max: number;
  step: number;
}

const FARGATE_SIZES: Record<number, MemoryRange[]> = {
  256: [
    { min: 512, max: 512, step: 1 },
    { min: 1024, max: 2048, step: 1024 },
  ],
  512: [{ min: 1024, max: 4096, step: 1024 }],
  1024: [{ min: 2048, max: 8192, step: 1024 }],
  2048: [{ min: 4096, max: 16384, step: 1024 }],
  4096: [{ min: 8192, max: 30720, step: 1024 }],
  8192: [{ min: 16384, max: 61440, step: 4096 }],
  16384: [{ min: 32768, max: 122880, step: 8192 }],
};

/** True when Fargate offers this task-level cpu/memory pair (normalized units). */
export function isFargateSize(cpu: string, memory: string): boolean {
  const ranges = FARGATE_SIZES[Number(cpu)];
  const mem = Number(memory);
  if (!ranges || !Number.isInteger(mem)) return false;
  return ranges.some((r) => mem >= r.min && mem <= r.max && (mem - r.min) % r.step === 0);
}
