import { execFileSync } from 'node:child_process';

/** Fails with a clear message when a Debian tool a test needs is not installed (CI installs it). */
export function requireTool(command: string, debianPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${command} is not installed: apt-get install -y ${debianPackage}`);
  }
}
