/**
 * JSON Schema of a runtime rule file (`kind: RuntimeRules`): the default rules and user rules are
 * written in this one format. Rules not in the catalogue carry their own severity, text and
 * MITRE ids; `overrides` change the parameters, severity or enablement of any loaded rule
 * without touching its condition.
 */

const localized = {
  type: 'object',
  required: ['en', 'zh'],
  properties: { en: { type: 'string', minLength: 1 }, zh: { type: 'string', minLength: 1 } },
  additionalProperties: false,
} as const;

const matchList = {
  anyOf: [
    { type: 'array', items: { type: ['string', 'integer'] } },
    { type: 'object', required: ['param'], properties: { param: { type: 'string', minLength: 1 } }, additionalProperties: false },
  ],
} as const;

const paramValue = {
  anyOf: [
    { type: 'string' },
    { type: 'integer' },
    { type: 'boolean' },
    { type: 'array', items: { type: 'string' } },
    { type: 'array', items: { type: 'integer' } },
  ],
} as const;

const params = { type: 'object', propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' }, additionalProperties: paramValue } as const;

export const RULE_ID_PATTERN = '^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$';
export const MITRE_ID_PATTERN = '^T[0-9]{4}(\\.[0-9]{3})?$';

export const ruleFileSchema = {
  type: 'object',
  properties: {
    apiVersion: { const: 'rampart.dev/v1' },
    kind: { const: 'RuntimeRules' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kinds', 'condition', 'subject'],
        properties: {
          id: { type: 'string', pattern: RULE_ID_PATTERN },
          kinds: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['process', 'file', 'network', 'k8s-audit'] } },
          match: {
            type: 'object',
            properties: {
              actions: matchList,
              exe: matchList,
              path: matchList,
              pathContains: matchList,
              remotePort: matchList,
              remoteAddress: matchList,
              auditResource: matchList,
              auditUser: matchList,
              inContainer: { type: 'boolean' },
            },
            additionalProperties: false,
          },
          condition: { type: 'string', minLength: 1 },
          subject: { type: 'string', minLength: 1 },
          params,
          enabled: { type: 'boolean' },
          severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
          mitre: { type: 'array', items: { type: 'string', pattern: MITRE_ID_PATTERN } },
          title: localized,
          description: localized,
          remediation: localized,
          references: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    },
    overrides: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { enabled: { type: 'boolean' }, severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] }, params },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;
