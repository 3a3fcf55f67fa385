/**
 * Progress of a seed on stderr: a redrawn bar on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes).
 */
import type { SeedProgress } from './seed-all.ts';

export interface ProgressReporter {
  (p: SeedProgress): void;
  /** Ends the bar's line and prints the totals. */
  done(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr, o: { intervalMs?: number } = {}): ProgressReporter {
  const started = performance.now();
  const tty = stream.isTTY === true;
  const interval = o.intervalMs ?? (tty ? 100 : 5000);
  let last = -Infinity;
  let lastPhase = '';
  let rows = 0;
  let drawn = false;

  const report = ((p: SeedProgress) => {
    // loading: entities (enterprises, persons, social organisations); indexing: databases.
    rows = p.rows;
    const t = performance.now();
    const phaseEnd = p.done === p.total;
    if (t - last < interval && !phaseEnd && p.phase === lastPhase) return;
    last = t;
    lastPhase = p.phase;
    const seconds = (t - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.rows / seconds) : 0;
    const pct = p.total > 0 ? p.done / p.total : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(pct * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      stream.write(`\r\x1b[2Kseed ${p.phase.padEnd(8)} ${bar} ${(pct * 100).toFixed(0).padStart(3)}% ` +
        `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}  ${p.rows.toLocaleString('en-US')} rows  ` +
        `${rate.toLocaleString('en-US')} rows/s  ${seconds.toFixed(0)}s`);
      drawn = true;
    } else {
      stream.write(`seed: ${p.phase} ${p.done}/${p.total} (${(pct * 100).toFixed(0)}%), ${p.rows} rows, ${rate} rows/s, ${seconds.toFixed(1)}s\n`);
    }
  }) as ProgressReporter;

  report.done = () => {
    const seconds = (performance.now() - started) / 1000;
    if (tty && drawn) stream.write('\n');
    stream.write(`seed: ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)}s (${Math.round(rows / Math.max(seconds, 1e-9)).toLocaleString('en-US')} rows/s)\n`);
  };
  return report;
}
