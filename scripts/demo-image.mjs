// The image half of `npm run demo`: writes the demo image (an OCI archive, see make-demo-image.mjs),
// installs the committed, signed demo vulnerability bundle after verifying it against demo.pub, and
// scans the image with everything on — packages, vulnerabilities, secrets, image settings — writing
// an HTML report and a CycloneDX SBOM. Nothing leaves the machine; everything lands in demo/out/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { makeDemoImage } from './make-demo-image.mjs';

const cli = 'dist/src/cli/main.js';
const run = (...args) => execFileSync(process.execPath, [cli, ...args], { stdio: 'inherit' });

rmSync('demo/out', { recursive: true, force: true });
await makeDemoImage('demo/out/payments-api.oci.tar');
process.stderr.write('\n== rampart db import: verify and install the signed demo vulnerability bundle ==\n');
run('db', 'import', 'demo/vulndb/rampart-demo-db.tar.zst', '--trust', 'demo/vulndb/demo.pub', '--db-dir', 'demo/out/db');
process.stderr.write('\n== rampart image: the payments API image (an OCI archive made by scripts/make-demo-image.mjs) ==\n');
run(
  'image', '--input', 'demo/out/payments-api.oci.tar',
  '--db-dir', 'demo/out/db', '--max-db-age', '36500', '--store', 'demo/out/results.db',
  '--waivers', 'demo/waivers.yaml',
  '--report', 'html=demo-image-report.html', '--report', 'cyclonedx=demo/out/payments-api.cdx.json',
);
