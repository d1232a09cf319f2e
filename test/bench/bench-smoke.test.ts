import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BenchResults, runBenchmark } from '../../bench/benchmark.js';
import { loadBenchProfile } from '../../bench/profile.js';
import { formatResults } from '../../bench/report.js';

function assertSummary(summary: BenchResults['typical']['cloneMs'], count: number, what: string) {
  assert.equal(summary.count, count, `${what}: one figure a run`);
  for (const key of ['median', 'p95', 'min', 'max'] as const) {
    assert.ok(Number.isFinite(summary[key]) && summary[key] > 0, `${what}.${key} is a time`);
  }
  assert.ok(summary.min <= summary.median && summary.median <= summary.p95, `${what} in order`);
}

// Times are never asserted: the machine is shared. What is checked is that every figure is there,
// every clone was complete, and the history stays bounded.
test('the benchmark runs end to end on the smoke profile', async () => {
  const profile = loadBenchProfile({ BENCH_PROFILE: 'smoke' });
  const results = await runBenchmark(profile);

  for (const name of ['typical', 'large'] as const) {
    const room = results[name];
    const shape = profile[name];
    assert.deepEqual(room.shape, {
      assets: shape.assets,
      storyboard: shape.storyboard,
      interactions: shape.interactions,
    });
    assertSummary(room.cloneMs, shape.runs, `${name}.cloneMs`);
    assertSummary(room.rawSqlMs, shape.runs, `${name}.rawSqlMs`);
    assert.ok(room.historyEvents.max > 0, `${name}: a history was read`);
    assert.ok(room.historyEvents.max < 300, `${name}: history within bound`);
    assert.equal(room.mediaBytesWritten, 0, `${name}: media is shared, not copied`);
    assert.equal(room.naive.capped, false, `${name}: the baseline finished`);
    assert.equal(room.naive.runs, shape.naiveRuns);
    assert.ok(room.naive.workflowRuns >= 3, `${name}: the baseline ran a page per run`);
    assert.ok(room.naive.historyEvents > room.historyEvents.max, `${name}: baseline history`);
    assert.ok(room.ratioToRawSql > 0 && room.ratioToNaive > 0, `${name}: ratios computed`);
  }

  assert.ok(results.throughput.completed > 0, 'clones completed in the throughput window');
  assert.ok(results.throughput.verified >= results.throughput.completed);
  const cpu = results.throughput.cpuSeconds;
  if (cpu) assert.ok(cpu.bench > 0 && cpu.children > 0, 'the window used our and the server CPU');
  for (const load of [results.api.post, results.api.postSequential, results.api.get]) {
    assert.ok(load.requests > 0);
    assert.equal(load.non2xx, 0, 'every request answered 2xx');
    assert.equal(load.errors, 0);
    assert.ok(load.latencyMs.p50 <= load.latencyMs.p99);
  }

  assert.deepEqual(
    results.targets.map((target) => target.figure),
    [
      'large clone vs raw SQL copy',
      'history events, any room',
      'typical clone median',
      'POST clone p99',
      'GET clone p99',
      'typical clones per second',
      'media bytes copied',
    ],
  );
  assert.equal(results.targets[1]?.met, true, 'the history target holds');
  assert.equal(results.targets[6]?.met, true, 'no media bytes copied');
  assert.match(formatResults(results), /typical clones per second/);
});
