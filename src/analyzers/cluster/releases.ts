/**
 * Kubernetes minor releases and the day upstream support ends ("End Of Life Date" on
 * kubernetes.io/releases/<minor>/). After it a minor gets no patches, security fixes included.
 * Data, updated as releases are published; a minor newer than the table is not judged.
 */
export interface KubernetesRelease {
  minor: number;
  released: string;
  endOfLife: string;
}

export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = [
  { minor: 25, released: '2022-08-23', endOfLife: '2023-10-28' },
  { minor: 26, released: '2022-12-09', endOfLife: '2024-02-28' },
  { minor: 27, released: '2023-04-11', endOfLife: '2024-06-28' },
  { minor: 28, released: '2023-08-15', endOfLife: '2024-10-28' },
  { minor: 29, released: '2023-12-13', endOfLife: '2025-02-28' },
  { minor: 30, released: '2024-04-17', endOfLife: '2025-07-15' },
  { minor: 31, released: '2024-08-13', endOfLife: '2025-10-28' },
  { minor: 32, released: '2024-12-11', endOfLife: '2026-02-28' },
  { minor: 33, released: '2025-04-23', endOfLife: '2026-06-28' },
  { minor: 34, released: '2025-08-27', endOfLife: '2026-10-27' },
  { minor: 35, released: '2025-12-17', endOfLife: '2027-02-28' },
  { minor: 36, released: '2026-04-22', endOfLife: '2027-06-28' },
  { minor: 37, released: '2026-08-26', endOfLife: '2027-10-28' },
];
