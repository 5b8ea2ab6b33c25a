/**
 * The one error type image acquisition and layer reading throw: its message is a single line that
 * names the image reference (or archive path) and the cause, fit to print as is.
 */
export class ImageError extends Error {
  override readonly name = 'ImageError';

  constructor(
    /** The image reference or archive path at fault. */
    readonly reference: string,
    /** What went wrong, without the reference. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${reference}: ${oneLine(reason)}`, options);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The message of any thrown value, on one line, for wrapping library errors. */
export function describeError(err: unknown): string {
  if (err instanceof ImageError) return err.reason;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = oneLine(err.message);
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return oneLine(String(err));
}
