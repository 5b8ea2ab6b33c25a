/** Types of scripts/build-web.mjs, for the tests that build the console. */
export function buildWeb(options?: { outdir?: string; check?: boolean }): Promise<{ outdir: string; files: string[] }>;
