import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyInstructions } from '../../../src/analyzers/image/history.js';
import { debianServiceConfig } from './image-fixture.js';

test('history lines of the legacy builder, BuildKit and build arguments reduce to instruction and arguments', () => {
  const config = debianServiceConfig({
    history: [
      { createdBy: '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ' },
      { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
      { createdBy: '/bin/sh -c apt-get update && apt-get install -y curl' },
      { createdBy: '|2 VERSION=1.4.2 TOKEN=x /bin/sh -c make install' },
      { createdBy: 'RUN /bin/bash -o pipefail -c curl -fsSL https://x | tar -xz # buildkit' },
      { createdBy: 'COPY --chown=10001:10001 /out/api /usr/local/bin/api # buildkit' },
      { createdBy: 'ENV LANG=C.UTF-8', emptyLayer: true },
      { comment: 'no created_by at all' },
    ],
  });
  assert.deepEqual(
    historyInstructions({ config }).map((s) => [s.index, s.instruction, s.args, s.emptyLayer]),
    [
      [0, 'ADD', 'file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in /', false],
      [1, 'CMD', '["bash"]', true],
      [2, 'RUN', 'apt-get update && apt-get install -y curl', false],
      [3, 'RUN', 'make install', false],
      [4, 'RUN', 'curl -fsSL https://x | tar -xz', false],
      [5, 'COPY', '--chown=10001:10001 /out/api /usr/local/bin/api', false],
      [6, 'ENV', 'LANG=C.UTF-8', true],
    ],
  );
});
