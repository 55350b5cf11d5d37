import { ErrorCodes } from '../../src-main/api';

/** A failed call as the user sees it: what was being done, the studio's code, message and next step. */
export interface Failure {
  id: number;
  /** What the user (or the panel) was doing, in words: "Start training", "E-stop". */
  action: string;
  code: string;
  message: string;
  hint?: string;
  /** How many times in a row this same failure happened (a poll that keeps failing counts up, not floods). */
  count: number;
  /** When it last happened (ms, the log's clock). */
  at: number;
}

/** Failures kept for the status bar; older ones drop off the end. */
const KEEP = 20;

/**
 * The code, message and next step of anything a call threw. Errors from the studio carry them
 * (PraxisError, or the same fields after crossing a bridge that drops the class); anything else is
 * a fault in the UI itself and says so.
 */
export function failureData(e: unknown): { code: string; message: string; hint?: string } {
  if (e && typeof e === 'object') {
    const { code, message, hint } = e as { code?: unknown; message?: unknown; hint?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return { code, message, hint: typeof hint === 'string' ? hint : undefined };
    if (typeof message === 'string') return { code: ErrorCodes.INTERNAL, message, hint: 'The UI hit an unexpected error; reload the page, and report it if it happens again.' };
  }
  return { code: ErrorCodes.INTERNAL, message: String(e), hint: 'The UI hit an unexpected error; reload the page, and report it if it happens again.' };
}

/**
 * Every failed call in the window, newest first: the status bar shows them until they are dismissed or
 * the same action succeeds. It never throws and never drops a failure silently.
 */
export class FailureLog {
  private failures: readonly Failure[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  report(action: string, error: unknown): Failure {
    const data = failureData(error);
    const same = this.failures.find((f) => f.action === action && f.code === data.code && f.message === data.message);
    const failure: Failure = same
      ? { ...same, hint: data.hint, count: same.count + 1, at: this.now() }
      : { id: this.nextId++, action, ...data, count: 1, at: this.now() };
    this.set([failure, ...this.failures.filter((f) => f !== same)].slice(0, KEEP));
    return failure;
  }

  /** The action worked this time: its earlier failures no longer describe the present. */
  resolve(action: string): void {
    if (this.failures.some((f) => f.action === action)) this.set(this.failures.filter((f) => f.action !== action));
  }

  dismiss(id: number): void {
    this.set(this.failures.filter((f) => f.id !== id));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly Failure[] => this.failures;

  private set(next: readonly Failure[]): void {
    this.failures = next;
    for (const l of this.listeners) l();
  }
}

/**
 * Run one call on the user's behalf: its failure goes to the log (and so to the status bar) instead of
 * vanishing, its success clears that action's earlier failure. Resolves to the result, or to
 * undefined after a reported failure, so callers need no catch of their own.
 */
export async function attempt<T>(log: FailureLog, action: string, run: () => Promise<T>, onFailure?: (f: Failure) => void): Promise<T | undefined> {
  try {
    const value = await run();
    log.resolve(action);
    return value;
  } catch (e) {
    const failure = log.report(action, e);
    onFailure?.(failure);
    return undefined;
  }
}
