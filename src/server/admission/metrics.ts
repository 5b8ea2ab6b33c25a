import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one webhook server, in a registry of its own (several servers can run in
 * one process, as in the tests). Label values are bounded: modes, verdicts, check ids and the
 * cluster's namespaces.
 */
export class AdmissionMetrics {
  readonly registry = new Registry();
  readonly latency = new Histogram({
    name: 'rampart_admission_review_duration_seconds',
    help: 'Time to answer one AdmissionReview, from request received to response ready',
    labelNames: ['mode', 'verdict'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'rampart_admission_decisions_total',
    help: 'Admission decisions by namespace, mode and verdict',
    labelNames: ['namespace', 'mode', 'verdict'] as const,
    registers: [this.registry],
  });
  readonly checkDecisions = new Counter({
    name: 'rampart_admission_check_decisions_total',
    help: 'Check violations seen at admission, by check, namespace and mode; outcome violated or waived',
    labelNames: ['check', 'namespace', 'mode', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly evaluationFailures = new Counter({
    name: 'rampart_admission_evaluation_failures_total',
    help: 'Reviews that could not be evaluated, by namespace, mode and what was answered (allowed or denied)',
    labelNames: ['namespace', 'mode', 'verdict'] as const,
    registers: [this.registry],
  });
  readonly badReviews = new Counter({
    name: 'rampart_admission_bad_reviews_total',
    help: 'Requests that were not a readable AdmissionReview (answered HTTP 400)',
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: 'rampart_admission_reloads_total',
    help: 'Reloads of the serving certificate and of the policy, by what and result',
    labelNames: ['what', 'result'] as const,
    registers: [this.registry],
  });

  constructor(defaultMetrics = true) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'rampart_admission_' });
  }
}
