import { hash } from 'node:crypto';

/**
 * A finding's identity across scans: the check, the asset's stable reference and the specific
 * part of the asset (a container, a volume, a field). Never the file or line, which move.
 */
export function fingerprint(checkId: string, assetRef: string, subject: string): string {
  return hash('sha256', `${checkId}\u0000${assetRef}\u0000${subject}`, 'hex').slice(0, 32);
}
