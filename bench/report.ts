import type { BenchResults, RoomFigures } from './benchmark.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join(' | ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  const rule = (widths ?? []).map((width) => '-'.repeat(width)).join('-|-');
  return [line(head), rule, ...body.map(line)].join('\n');
}

function roomRows(name: string, room: RoomFigures): string[][] {
  const { shape } = room;
  const label = `${name} (${shape.assets}/${shape.storyboard}/${shape.interactions})`;
  const naive = room.naive.capped
    ? `> ${room.naive.ms.max} ms (capped)`
    : `${room.naive.ms.median} ms (n=${room.naive.runs})`;
  return [
    [
      `${label} clone, 202 to completed`,
      `median ${room.cloneMs.median} ms, p95 ${room.cloneMs.p95} ms (n=${room.runs})`,
      naive,
      `${room.rawSqlMs.median} ms (p95 ${room.rawSqlMs.p95})`,
      `${room.ratioToRawSql}x limit, ${room.ratioToNaive}x baseline`,
    ],
    [
      `${label} history events`,
      `max ${room.historyEvents.max}, median ${room.historyEvents.median}`,
      room.naive.capped ? 'n/a' : `${room.naive.historyEvents} in ${room.naive.workflowRuns} runs`,
      '-',
      '-',
    ],
    [`${label} media bytes written`, String(room.mediaBytesWritten), '-', '-', '-'],
  ];
}

/** The results as the table `npm run bench` prints. */
export function formatResults(results: BenchResults): string {
  const { throughput, api, machine } = results;
  const latency = (result: BenchResults['api']['post']) =>
    `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
    `${Math.round(result.perSecond)} req/s, ${result.non2xx + result.errors} failed`;
  const figures = table([
    ['figure', 'ours', 'naive baseline', 'raw SQL limit', 'ratio'],
    ...roomRows('typical', results.typical),
    ...roomRows('large', results.large),
    [
      `throughput, ${throughput.concurrency} in flight for ${throughput.durationSeconds} s`,
      `${throughput.perSecond} clones/s (${throughput.completed} done, ` +
        `${throughput.verified} verified; clone median ${throughput.cloneMs.median} ms)` +
        (throughput.cpuSeconds
          ? `; CPU s: bench ${throughput.cpuSeconds.bench}, dev server ` +
            `${throughput.cpuSeconds.children}, others ${throughput.cpuSeconds.others}`
          : ''),
      '-',
      '-',
      '-',
    ],
    [
      `POST clone, ${api.connections} connections, ${api.durationSeconds} s`,
      latency(api.post),
      '-',
      '-',
      '-',
    ],
    [
      `POST clone, 1 connection, ${api.durationSeconds} s`,
      latency(api.postSequential),
      '-',
      '-',
      '-',
    ],
    [
      `GET clone, ${api.connections} connections, ${api.durationSeconds} s`,
      latency(api.get),
      '-',
      '-',
      '-',
    ],
  ]);
  const targets = table([
    ['target', 'wanted', 'measured', 'met'],
    ...results.targets.map((target) => [
      target.figure,
      target.target,
      target.measured,
      target.met ? 'yes' : 'NO',
    ]),
  ]);
  return [
    `profile ${results.profile}, ${results.startedAt}; ${machine.nproc} cores, ` +
      `${machine.memoryGiB} GiB, ${machine.cpuModel}, node ${machine.node}, ` +
      `load ${machine.loadAvg.join(' ')}`,
    '',
    figures,
    '',
    targets,
  ].join('\n');
}
