// Every error a user can meet has a code, a plain message and a next step.
// Errors cross process boundaries as values (PraxisErrorData), never as thrown strings.

export const ErrorCodes = {
  // transport / contract
  BAD_MESSAGE: 'BAD_MESSAGE',
  UNKNOWN_METHOD: 'UNKNOWN_METHOD',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NOT_CONNECTED: 'NOT_CONNECTED',
  INTERNAL: 'INTERNAL',
  CANCELLED: 'CANCELLED',
  // robot link
  PORT_NOT_FOUND: 'PORT_NOT_FOUND',
  PORT_BUSY: 'PORT_BUSY',
  PORT_PERMISSION: 'PORT_PERMISSION',
  PORT_CLOSED: 'PORT_CLOSED',
  NO_STATUS_PACKET: 'NO_STATUS_PACKET',
  CHECKSUM: 'CHECKSUM',
  SERVO_ERROR: 'SERVO_ERROR',
  DUPLICATE_ID: 'DUPLICATE_ID',
  CALIBRATION_MISMATCH: 'CALIBRATION_MISMATCH',
  ESTOP: 'ESTOP',
  WATCHDOG: 'WATCHDOG',
  SIM_ERROR: 'SIM_ERROR',
  // data
  DATASET_CORRUPT: 'DATASET_CORRUPT',
  DATASET_NOT_FOUND: 'DATASET_NOT_FOUND',
  DATASET_INCOMPATIBLE: 'DATASET_INCOMPATIBLE',
  /** Another process is writing this dataset (a second studio or `praxis record`). */
  DATASET_LOCKED: 'DATASET_LOCKED',
  /** The disk refused a write (full, read-only, gone). */
  STORAGE_WRITE_FAILED: 'STORAGE_WRITE_FAILED',
  VIDEO_ENCODER_MISSING: 'VIDEO_ENCODER_MISSING',
  // model
  GRAPH_SHAPE: 'GRAPH_SHAPE',
  CHECKPOINT_CORRUPT: 'CHECKPOINT_CORRUPT',
  CHECKPOINT_MISMATCH: 'CHECKPOINT_MISMATCH',
  NON_FINITE_LOSS: 'NON_FINITE_LOSS',
  MODEL_INCOMPATIBLE: 'MODEL_INCOMPATIBLE',
  // planner
  PLAN_REFUSED: 'PLAN_REFUSED',
  // scripting
  SCRIPT_ERROR: 'SCRIPT_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The serialisable shape of an error: what crosses IPC / WebSocket and what the UI shows. */
export interface PraxisErrorData {
  code: ErrorCode;
  message: string;
  /** What the user should do next, in plain words. */
  hint?: string;
  /** Machine-readable details (file path, servo id, shapes…). */
  details?: Record<string, unknown>;
}

export class PraxisError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PraxisError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toData(): PraxisErrorData {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }

  static fromData(d: PraxisErrorData): PraxisError {
    return new PraxisError(d.code, d.message, d.hint, d.details);
  }
}

export function isPraxisError(e: unknown): e is PraxisError {
  return e instanceof PraxisError;
}

/** Turn anything thrown into a PraxisErrorData, keeping codes we know and wrapping the rest as INTERNAL. */
export function toErrorData(e: unknown): PraxisErrorData {
  if (e instanceof PraxisError) return e.toData();
  const message = e instanceof Error ? e.message : String(e);
  return { code: ErrorCodes.INTERNAL, message, hint: 'This is a bug in Praxis Studio; please report it with the console log.' };
}
