import type { FastifyReply } from 'fastify';
import { WaiverWorkflowError } from '../governance/waivers.js';

const STATUS_OF_KIND = { denied: 403, invalid: 400, 'not-found': 404, conflict: 409 } as const;

/**
 * Answers a refused or failed request with one JSON error line. Workflow refusals carry their own
 * status; other errors from the stores are bad input (400) when they name a field, else 500
 * without internals.
 */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof WaiverWorkflowError) return reply.code(STATUS_OF_KIND[err.kind]).send({ error: err.message });
  if (err instanceof BadRequest) return reply.code(400).send({ error: err.message });
  reply.log.error({ err }, 'request failed');
  return reply.code(500).send({ error: 'internal error; see the server log' });
}

export class BadRequest extends Error {}

/** A comma-separated query parameter as a list, checked against its allowed values. */
export function listParam<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const item of items) if (!(allowed as readonly string[]).includes(item)) throw new BadRequest(`${name}: "${item}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}
