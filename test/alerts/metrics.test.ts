import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { JsonLinesSink } from '../../src/alerts/jsonl.js';
import { createRuntimeMetrics } from '../../src/alerts/metrics.js';
import { AlertRouter } from '../../src/alerts/sink.js';
import { SyslogSink } from '../../src/alerts/syslog.js';
import { freePort } from '../helpers/registry.js';
import { sampleAlert } from './sample-alert.js';

/** The value of one sample in Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('metrics: cumulative source counts become counters that only go up, drops per reason, a restarted source counted from zero again', async () => {
  const m = createRuntimeMetrics();
  m.observeSource('auditd', { received: 100, dropped: 5, malformed: 1, droppedByReason: { 'queue-full': 3, backlog: 2 } });
  m.observeSource('auditd', { received: 150, dropped: 9, malformed: 1, droppedByReason: { 'queue-full': 6, backlog: 2 } });
  m.observeSource('k8s-audit', { received: 7, dropped: 2, malformed: 3 });
  let text = await m.registry.metrics();
  assert.equal(sample(text, 'rampart_runtime_events_received_total{source="auditd"}'), 150);
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="auditd",reason="queue-full"}'), 6);
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="auditd",reason="backlog"}'), 2);
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="auditd",reason="unspecified"}'), 1, 'drops the source did not explain');
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="k8s-audit",reason="unspecified"}'), 2);
  assert.equal(sample(text, 'rampart_runtime_events_malformed_total{source="k8s-audit"}'), 3);
  assert.match(text, /# TYPE rampart_runtime_events_received_total counter/);
  // The source restarted: its counts start again from zero; the counter keeps going up.
  m.observeSource('auditd', { received: 20, dropped: 0, malformed: 0, droppedByReason: {} });
  text = await m.registry.metrics();
  assert.equal(sample(text, 'rampart_runtime_events_received_total{source="auditd"}'), 170);
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="auditd",reason="queue-full"}'), 6);
});

test('metrics: tracked sources and sinks are copied at every scrape: deliveries per sink and outcome, queue depth, alerts per rule and severity', async () => {
  const m = createRuntimeMetrics();
  const source = { received: 10, dropped: 0, malformed: 0, queued: 4 };
  m.trackSource('falco', () => source);
  const jsonl = new JsonLinesSink({ stream: new PassThrough().resume() });
  // A syslog receiver that is not there: its alerts wait and its attempts fail.
  const syslog = new SyslogSink({ transport: 'tcp', host: '127.0.0.1', port: await freePort(), reconnectMs: 10_000, flushTimeoutMs: 50 });
  const router = new AlertRouter([jsonl, syslog]);
  m.trackSink(router);
  for (let n = 1; n <= 3; n++) {
    const alert = sampleAlert({ n, severity: n === 3 ? 'critical' : 'high' });
    router.send(alert);
    m.countAlert(alert);
  }
  await jsonl.flush();
  await new Promise((resolve) => setTimeout(resolve, 50));
  let text = await m.registry.metrics();
  assert.equal(sample(text, 'rampart_runtime_events_received_total{source="falco"}'), 10);
  assert.equal(sample(text, 'rampart_runtime_events_dropped_total{source="falco",reason="unspecified"}'), 0, 'no drops shows as 0, not absent');
  assert.equal(sample(text, 'rampart_runtime_event_queue_depth{source="falco"}'), 4);
  assert.equal(sample(text, 'rampart_runtime_alert_deliveries_total{sink="jsonl",outcome="sent"}'), 3);
  assert.equal(sample(text, 'rampart_runtime_alert_deliveries_total{sink="syslog",outcome="sent"}'), 0);
  assert.ok((sample(text, 'rampart_runtime_alert_deliveries_total{sink="syslog",outcome="failed"}') ?? 0) >= 1);
  assert.equal(sample(text, 'rampart_runtime_alert_queue_depth{sink="syslog"}'), 3);
  assert.equal(sample(text, 'rampart_runtime_alert_queue_depth{sink="jsonl"}'), 0);
  assert.equal(sample(text, 'rampart_runtime_alerts_total{rule="runtime.shell-in-container",severity="high"}'), 2);
  assert.equal(sample(text, 'rampart_runtime_alerts_total{rule="runtime.shell-in-container",severity="critical"}'), 1);

  source.received = 25;
  await router.close();
  text = await m.registry.metrics();
  assert.equal(sample(text, 'rampart_runtime_events_received_total{source="falco"}'), 25);
  assert.equal(sample(text, 'rampart_runtime_alert_deliveries_total{sink="syslog",outcome="dropped"}'), 3, 'what syslog still held at close is dropped and counted');
  assert.equal(sample(text, 'rampart_runtime_alert_queue_depth{sink="syslog"}'), 0);
  // A second scrape with nothing new adds nothing.
  assert.equal(sample(await m.registry.metrics(), 'rampart_runtime_alert_deliveries_total{sink="jsonl",outcome="sent"}'), 3);
});

test('metrics: cumulative alert counts from the engine', async () => {
  const m = createRuntimeMetrics({ prefix: 'rt_' });
  m.observeAlerts([{ rule: 'runtime.miner-pool', severity: 'critical', count: 2 }]);
  m.observeAlerts([{ rule: 'runtime.miner-pool', severity: 'critical', count: 5 }]);
  assert.equal(sample(await m.registry.metrics(), 'rt_alerts_total{rule="runtime.miner-pool",severity="critical"}'), 5);
});
