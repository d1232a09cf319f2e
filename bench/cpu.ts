import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far: by the whole machine, by this process, by its child processes. */
export interface CpuSample {
  machine: number;
  bench: number;
  children: number;
}

const TICKS_PER_SECOND = 100;

function processTicks(pid: string): { ppid: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: fields[1] ?? '', ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** Reads /proc; null where there is none, so the bench still runs off Linux. */
export function sampleCpu(): CpuSample | null {
  try {
    const total = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
    const busy = total.reduce((sum, value) => sum + value, 0) - (total[3] ?? 0) - (total[4] ?? 0);
    const self = String(process.pid);
    let children = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const info = processTicks(entry);
      if (info?.ppid === self) children += info.ticks;
    }
    return {
      machine: busy / TICKS_PER_SECOND,
      bench: (processTicks(self)?.ticks ?? 0) / TICKS_PER_SECOND,
      children: children / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

/**
 * Where the machine's CPU went between two samples, in CPU seconds: this process (API, worker,
 * PGlite), its children (the Temporal dev server, the load generator) and everyone else's.
 */
export function cpuBetween(before: CpuSample | null, after: CpuSample | null) {
  if (!before || !after) return null;
  const round = (value: number) => Math.round(value * 10) / 10;
  const bench = after.bench - before.bench;
  const children = after.children - before.children;
  const machine = after.machine - before.machine;
  return {
    bench: round(bench),
    children: round(children),
    others: round(Math.max(0, machine - bench - children)),
  };
}
