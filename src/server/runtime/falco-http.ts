import { notJsonMessage } from '../../sources/events/json-lines.js';
import { parseFalcoAlert, type FalcoEvent } from '../../sources/events/falco.js';
import { startReceiver, type ReceiverOptions, type RunningReceiver } from './receiver.js';

/**
 * Falco's `http_output`: one JSON alert per POST (json_output: true). Falco's http_output sets
 * no custom headers, so Falco itself authenticates by client certificate (`mtls: true`,
 * `client_cert`, `client_key`, with `auth.clientCa` here); relays such as Falcosidekick's
 * webhook output can send a bearer token instead. Bodies of several alerts (a JSON array, or
 * JSON lines) are accepted too; each bad alert is counted malformed and the rest kept.
 * Default body limit 1 MiB.
 */

export interface FalcoHttpOptions extends ReceiverOptions {
  cluster?: string;
}

export type FalcoHttpReceiver = RunningReceiver;

export function startFalcoHttp(options: FalcoHttpOptions): Promise<FalcoHttpReceiver> {
  let sequence = 0;
  const parse = (value: unknown): FalcoEvent => parseFalcoAlert(value, { cluster: options.cluster, fallbackId: `falco-http#${++sequence}` });
  return startReceiver('falco-http', { ...options, bodyLimit: options.bodyLimit ?? 1024 * 1024 }, (body) => {
    const text = body.toString('utf8');
    let values: unknown[];
    try {
      const value: unknown = JSON.parse(text);
      values = Array.isArray(value) ? value : [value];
    } catch (err) {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      if (lines.length < 2) throw new Error(notJsonMessage(err), { cause: err });
      return collect(lines.map((line, i) => () => {
        try {
          return JSON.parse(line) as unknown;
        } catch (lineErr) {
          throw new Error(`line ${i + 1}: ${notJsonMessage(lineErr)}`, { cause: lineErr });
        }
      }), parse);
    }
    if (values.length === 1) return { events: [parse(values[0])], errors: [] };
    return collect(values.map((v) => () => v), parse);
  });
}

function collect(items: (() => unknown)[], parse: (value: unknown) => FalcoEvent): { events: FalcoEvent[]; errors: string[] } {
  const events: FalcoEvent[] = [];
  const errors: string[] = [];
  for (const item of items) {
    try {
      events.push(parse(item()));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  return { events, errors };
}
