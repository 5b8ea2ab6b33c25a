import { Counter, Gauge, Registry } from 'prom-client';
import type { EventSourceStats, Finding } from '../model/index.js';
import type { AlertRouter, AlertSink, SinkStats } from './sink.js';

/**
 * Prometheus metrics of runtime detection, in their own Registry the CLI serves on `/metrics`:
 *
 *   rampart_runtime_events_received_total{source}
 *   rampart_runtime_events_dropped_total{source,reason}
 *   rampart_runtime_events_malformed_total{source}
 *   rampart_runtime_alerts_total{rule,severity}
 *   rampart_runtime_alert_deliveries_total{sink,outcome}   outcome: sent | failed | dropped
 *   rampart_runtime_alert_queue_depth{sink}
 *   rampart_runtime_event_queue_depth{source}
 *
 * Sources, the engine and sinks keep plain cumulative counts; `observe*` copy them into the
 * counters as increments since the last copy (a count that went down — its owner restarted — is
 * taken as counted from zero again), so counters only ever go up. `track*` registers a source or
 * sink to be copied at every scrape.
 */

/** A source's counts, with the drops broken down by reason when the source knows them. */
export interface SourceMetricsStats extends EventSourceStats {
  droppedByReason?: Record<string, number>;
  /** Events waiting in the source's queue now. */
  queued?: number;
}

export interface RuntimeMetrics {
  registry: Registry;
  eventsReceived: Counter<'source'>;
  eventsDropped: Counter<'source' | 'reason'>;
  eventsMalformed: Counter<'source'>;
  alertsRaised: Counter<'rule' | 'severity'>;
  deliveries: Counter<'sink' | 'outcome'>;
  alertQueueDepth: Gauge<'sink'>;
  eventQueueDepth: Gauge<'source'>;
  /** Copies a source's cumulative counts. */
  observeSource(source: string, stats: SourceMetricsStats): void;
  /** Copies a sink's cumulative counts and sets its queue depth. */
  observeSink(sink: string, stats: SinkStats): void;
  /** Copies cumulative alert counts per rule and severity (e.g. the engine's). */
  observeAlerts(counts: readonly { rule: string; severity: string; count: number }[]): void;
  /** Counts one alert as it is raised (use this or `observeAlerts`, not both). */
  countAlert(alert: Finding): void;
  trackSource(source: string, stats: () => SourceMetricsStats): void;
  /** A sink, or an AlertRouter (each of its sinks is tracked). */
  trackSink(sink: AlertSink | AlertRouter): void;
}

const UNSPECIFIED = 'unspecified';

export function createRuntimeMetrics(options: { registry?: Registry; prefix?: string } = {}): RuntimeMetrics {
  const registry = options.registry ?? new Registry();
  const prefix = options.prefix ?? 'rampart_runtime_';
  const sourceTrackers = new Map<string, () => SourceMetricsStats>();
  const sinkTrackers: (AlertSink | AlertRouter)[] = [];
  const last = new Map<object, Map<string, number>>();

  // Every metric pulls from the trackers as it is scraped; copies are deltas, so repeats add nothing.
  const collect = (): void => {
    for (const [source, stats] of sourceTrackers) observeSource(source, stats());
    for (const sink of sinkTrackers) {
      if ('perSink' in sink) for (const [name, stats] of Object.entries(sink.perSink())) observeSink(name, stats);
      else observeSink(sink.name, sink.stats());
    }
  };

  const eventsReceived = new Counter({ name: `${prefix}events_received_total`, help: 'Runtime events read, per source.', labelNames: ['source'] as const, registers: [registry], collect });
  const eventsDropped = new Counter({ name: `${prefix}events_dropped_total`, help: 'Runtime events lost (queue full, kernel backlog, unreadable event), per source and reason.', labelNames: ['source', 'reason'] as const, registers: [registry], collect });
  const eventsMalformed = new Counter({ name: `${prefix}events_malformed_total`, help: 'Input records that could not be read as events, per source.', labelNames: ['source'] as const, registers: [registry], collect });
  const alertsRaised = new Counter({ name: `${prefix}alerts_total`, help: 'Alerts raised, per rule and severity.', labelNames: ['rule', 'severity'] as const, registers: [registry] });
  const deliveries = new Counter({ name: `${prefix}alert_deliveries_total`, help: 'Alert deliveries per sink and outcome: sent, failed (an attempt, retried) or dropped (lost for good).', labelNames: ['sink', 'outcome'] as const, registers: [registry], collect });
  const alertQueueDepth = new Gauge({ name: `${prefix}alert_queue_depth`, help: 'Alerts waiting for delivery, per sink.', labelNames: ['sink'] as const, registers: [registry], collect });
  const eventQueueDepth = new Gauge({ name: `${prefix}event_queue_depth`, help: 'Events waiting to be evaluated, per source.', labelNames: ['source'] as const, registers: [registry], collect });

  function copy<L extends string>(counter: Counter<L>, labels: Record<L, string>, total: number): void {
    if (!Number.isFinite(total) || total < 0) return;
    let seen = last.get(counter);
    if (!seen) last.set(counter, (seen = new Map()));
    const key = JSON.stringify(labels);
    const previous = seen.get(key);
    const delta = previous === undefined || total < previous ? total : total - previous;
    seen.set(key, total);
    // The first observation creates the series even at 0, so "no drops" shows as 0, not absent.
    if (delta > 0 || previous === undefined) counter.inc(labels, delta);
  }

  function observeSource(source: string, stats: SourceMetricsStats): void {
    copy(eventsReceived, { source }, stats.received);
    copy(eventsMalformed, { source }, stats.malformed);
    let explained = 0;
    for (const [reason, count] of Object.entries(stats.droppedByReason ?? {})) {
      copy(eventsDropped, { source, reason }, count);
      explained += count;
    }
    if (stats.dropped > explained || !stats.droppedByReason) copy(eventsDropped, { source, reason: UNSPECIFIED }, stats.dropped - explained);
    if (stats.queued !== undefined) eventQueueDepth.set({ source }, stats.queued);
  }

  function observeSink(sink: string, stats: SinkStats): void {
    copy(deliveries, { sink, outcome: 'sent' }, stats.sent);
    copy(deliveries, { sink, outcome: 'failed' }, stats.failed);
    copy(deliveries, { sink, outcome: 'dropped' }, stats.dropped);
    alertQueueDepth.set({ sink }, stats.queued);
  }

  return {
    registry,
    eventsReceived,
    eventsDropped,
    eventsMalformed,
    alertsRaised,
    deliveries,
    alertQueueDepth,
    eventQueueDepth,
    observeSource,
    observeSink,
    observeAlerts(counts) {
      for (const c of counts) copy(alertsRaised, { rule: c.rule, severity: c.severity }, c.count);
    },
    countAlert(alert) {
      alertsRaised.inc({ rule: alert.checkId, severity: alert.severity });
    },
    trackSource(source, stats) {
      sourceTrackers.set(source, stats);
    },
    trackSink(sink) {
      sinkTrackers.push(sink);
    },
  };
}
