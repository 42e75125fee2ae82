/**
 * SIGINT and SIGTERM. The first one aborts the run's signal: the client starts no more requests and retries
 * none, the requests in flight finish (each within request_timeout), and the run ends with its last safe
 * STATE, exiting 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once (with its own code): every
 * STATE already written is safe, so nothing that was committed is lost.
 */
import { signalExitCode } from './errors';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export class Interrupt {
  private readonly controller = new AbortController();
  private received: StopSignal | undefined;

  /** Listens for both signals; `notice` is told about the first one (a log line). */
  constructor(private readonly notice: (signal: StopSignal) => void, private readonly exit: (code: number) => void = (code) => process.exit(code)) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => this.receive(signal));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal that stopped the run, if one did. */
  get stoppedBy(): StopSignal | undefined {
    return this.received;
  }

  receive(signal: StopSignal): void {
    if (this.received) {
      this.exit(signalExitCode(signal));
      return;
    }
    this.received = signal;
    this.notice(signal);
    this.controller.abort(signal);
  }
}
