/**
 * Masks a secret value for display and storage: keeps at most the first and last two characters
 * of long values so an operator can recognise it, never enough to use it.
 */
export function maskSecret(value: string): string {
  if (value.length <= 8) return '*'.repeat(Math.max(value.length, 4));
  return `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 12))}${value.slice(-2)}`;
}
