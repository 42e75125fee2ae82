/**
 * Logging for humans and Singer's METRIC lines. Output goes to a sink (stderr in Singer mode); every line is
 * scrubbed of anything that looks like a Stripe key, and of the configured key itself.
 */
export type Level = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type LogSink = (level: Level, line: string) => void;

/** `--log-level` values, lowest first. */
export const LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type LevelName = (typeof LEVELS)[number];
const RANK: Record<Level, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

export function levelOf(name: LevelName): Level {
  return name.toUpperCase() as Level;
}

const KEY_PATTERN = /\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*_]+/g;

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_PATTERN, '[redacted key]');
}

export const stderrSink: LogSink = (level, line) => {
  process.stderr.write(`${level} ${line}\n`);
};

export class Logger {
  private readonly secrets: string[] = [];

  constructor(
    private readonly sink: LogSink = stderrSink, private readonly level: Level = 'INFO',
    /** The level of METRIC lines: INFO for Singer (its convention), DEBUG where they are noise (Airbyte). */
    private readonly metricLevel: Level = 'INFO',
  ) {}

  /** Whether lines of this level are written (`--log-level`). */
  enabled(level: Level): boolean {
    return RANK[level] >= RANK[this.level];
  }

  /** Values never to be printed (the API key). */
  addSecret(secret: string): void {
    this.secrets.push(secret);
  }

  debug(message: string): void {
    this.emit('DEBUG', message);
  }

  info(message: string): void {
    this.emit('INFO', message);
  }

  warn(message: string): void {
    this.emit('WARNING', message);
  }

  error(message: string): void {
    this.emit('ERROR', message);
  }

  /** A Singer metric line: `METRIC: {"type":…,"metric":…,"value":…,"tags":{…}}`. */
  metric(type: 'counter' | 'timer', metric: string, value: number, tags: Record<string, unknown>): void {
    if (!this.enabled(this.metricLevel)) return; // not even serialized: one a request
    this.emit(this.metricLevel, `METRIC: ${JSON.stringify({ type, metric, value, tags })}`);
  }

  /** The text as it may be printed: without the configured key, nor anything shaped like a Stripe key. */
  redact(text: string): string {
    return scrub(text, this.secrets);
  }

  private emit(level: Level, message: string): void {
    if (!this.enabled(level)) return;
    this.sink(level, scrub(message, this.secrets));
  }
}
