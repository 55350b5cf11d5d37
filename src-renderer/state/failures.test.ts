import { describe, expect, it } from 'vitest';
import { ErrorCodes, PraxisError } from '../../src-main/api';
import { attempt, FailureLog, failureData } from './failures';

const estop = () => new PraxisError(ErrorCodes.ESTOP, 'The e-stop is engaged; targets are refused.', 'Release the e-stop when it is safe to move.');

describe('FailureLog', () => {
  it('keeps a failed call with its code, message and next step', async () => {
    const log = new FailureLog(() => 1000);
    const result = await attempt(log, 'Move shoulder_pan', () => Promise.reject(estop()));
    expect(result).toBeUndefined();
    expect(log.getSnapshot()).toEqual([
      { id: 1, action: 'Move shoulder_pan', code: 'ESTOP', message: 'The e-stop is engaged; targets are refused.', hint: 'Release the e-stop when it is safe to move.', count: 1, at: 1000 },
    ]);
  });

  it('counts a failure that repeats instead of flooding the list, newest first', () => {
    let t = 0;
    const log = new FailureLog(() => ++t);
    log.report('Poll the curve', new PraxisError(ErrorCodes.NOT_CONNECTED, 'Lost the connection.', 'Retry.'));
    log.report('Start training', new PraxisError(ErrorCodes.DATASET_NOT_FOUND, 'No dataset.', 'Record one.'));
    log.report('Poll the curve', new PraxisError(ErrorCodes.NOT_CONNECTED, 'Lost the connection.', 'Retry.'));
    expect(log.getSnapshot().map((f) => [f.action, f.count, f.at])).toEqual([
      ['Poll the curve', 2, 3],
      ['Start training', 1, 2],
    ]);
  });

  it('clears an action once it succeeds, and a dismissed failure only', async () => {
    const log = new FailureLog();
    log.report('Refresh models', estop());
    const kept = log.report('Import', estop());
    expect(await attempt(log, 'Refresh models', async () => 'ok')).toBe('ok');
    expect(log.getSnapshot().map((f) => f.action)).toEqual(['Import']);
    log.dismiss(kept.id);
    expect(log.getSnapshot()).toEqual([]);
  });

  it('tells its subscribers about every change', () => {
    const log = new FailureLog();
    let calls = 0;
    const off = log.subscribe(() => calls++);
    log.report('a', estop());
    log.resolve('a');
    log.resolve('a'); // nothing left to clear: no notification
    off();
    log.report('b', estop());
    expect(calls).toBe(2);
  });

  it('hands the failure to the caller too, for an inline notice beside the control', async () => {
    const log = new FailureLog();
    const seen: string[] = [];
    await attempt(log, 'Connect', () => Promise.reject(estop()), (f) => seen.push(f.code));
    expect(seen).toEqual(['ESTOP']);
  });
});

describe('failureData', () => {
  it('keeps the fields of an error that crossed a bridge without its class', () => {
    expect(failureData({ code: 'PORT_BUSY', message: 'Port in use.', hint: 'Close the other program.' })).toEqual({ code: 'PORT_BUSY', message: 'Port in use.', hint: 'Close the other program.' });
  });

  it('calls a plain exception a UI fault, with a next step', () => {
    const d = failureData(new TypeError('x is undefined'));
    expect(d.code).toBe('INTERNAL');
    expect(d.message).toBe('x is undefined');
    expect(d.hint).toMatch(/reload/);
    expect(failureData('boom').message).toBe('boom');
  });
});
