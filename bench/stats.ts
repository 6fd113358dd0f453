/** Small helpers shared by the benchmarks: timing, percentiles and aligned output. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** Prints one figure as `name  value` with the names aligned. */
export function report(name: string, value: string): void {
  console.log(`  ${name.padEnd(44)} ${value}`);
}

export function heading(title: string): void {
  console.log(`\n${title}`);
}
