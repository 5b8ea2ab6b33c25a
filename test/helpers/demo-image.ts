/**
 * The demo image (scripts/make-demo-image.mjs): an OCI archive of a small Alpine 3.19 payments
 * service with known packages, a secret added in one layer and deleted in the next, and a token in
 * its ENV. The script is plain JavaScript, so it is loaded by URL and typed here.
 */
type MakeDemoImage = (outFile: string) => Promise<{ manifestDigest: string; configDigest: string }>;

export async function makeDemoImage(outFile: string): Promise<{ manifestDigest: string; configDigest: string }> {
  const script = new URL('../../scripts/make-demo-image.mjs', import.meta.url).href;
  const { makeDemoImage: make } = (await import(script)) as { makeDemoImage: MakeDemoImage };
  return make(outFile);
}
