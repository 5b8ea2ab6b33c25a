/** Runtime detection: rules (data + CEL), the engine, and workload baselines. */
export { activationOf, type Activation } from './activation.js';
export { alertFinding, assetOf } from './alert.js';
export { BASELINE_ENTRY_KINDS, BaselineManager, type BaselineDeviation, type BaselineMode, type BaselineOptions, type BaselineSnapshot } from './baseline.js';
export { chainValue, outboundValue, writeDirValue } from './baseline-values.js';
export { BASELINE_CHECK_IDS, RuntimeEngine, type RuntimeCounters, type RuntimeEngineOptions } from './engine.js';
export type { MatchSpec } from './prefilter.js';
export { compileRuleFiles, loadRuleSet, parseRuleFile, RuleFileError, type CompiledRule, type RuleOverride, type RuleParamValue, type RuleSet, type RuleSetOptions, type RuntimeRuleFile, type RuntimeRuleSpec } from './rules.js';
