/**
 * What `nnc train` shows while it trains. On a terminal: a cli-progress bar per epoch with the epoch's ETA
 * and the whole run's. Elsewhere (a log file, CI): a plain line at least every `intervalSeconds` inside an
 * epoch, so a long epoch is never silent. Always: one line per finished epoch (about 25 for runs of many
 * tiny epochs). With --json, NDJSON events on stdout for other programs (docs/cli.md lists them).
 */
import cliProgress from "cli-progress";
import type { BatchProgress, EpochMetrics } from "../../runtime/index.ts";
import { sparkline } from "../../report/sparkline.ts";

export interface ProgressOptions {
  /** A progress bar on stderr (stderr is a terminal and --no-progress was not given). */
  readonly bar: boolean;
  /** Progress lines inside epochs on stderr (stderr is not a terminal and --no-progress was not given). */
  readonly lines: boolean;
  readonly intervalSeconds: number;
  /** NDJSON events on stdout. */
  readonly json: boolean;
  /** The planned number of epochs when known, for thinning the per-epoch lines of long runs. */
  readonly epochs: number | undefined;
}

export function fixed(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined ? "-" : x.toFixed(digits);
}

/** 42s, 3m05s, 1h02m (the progress bar's own ETA style); "-" when unknown. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "-";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** NDJSON: one event per line, numbers as JSON has them (an unknown ETA is null). */
export function emitJson(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) + "\n");
}

export class TrainProgress {
  private readonly bar: cliProgress.SingleBar | undefined;
  private barEpoch = -1;
  /** Each finished epoch's train loss, then the running loss of the current one (the bar's sparkline). */
  private readonly epochLosses: number[] = [];
  private readonly every: number;
  /** When this invocation's first step finished, and at which step: the run ETA's rate is measured from there. */
  private clock: { time: number; step: number } | undefined;
  private epochClock: { epoch: number; time: number; batch: number } | undefined;
  private lastLine = performance.now();

  constructor(private readonly o: ProgressOptions) {
    this.every = o.epochs !== undefined && o.epochs > 50 ? Math.ceil(o.epochs / 25) : 1;
    this.bar = o.bar
      ? new cliProgress.SingleBar(
          {
            format:
              "epoch {epoch} [{bar}] {percentage}% | loss {loss} {spark} | acc {acc} | lr {lr} | {speed} samples/s | ETA {eta_formatted}, run {run_eta}",
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  }

  /** Seconds until this invocation's last step at the rate of its steps so far. */
  private runEta(p: BatchProgress, now: number): number | undefined {
    if (this.clock === undefined || p.step <= this.clock.step) return undefined;
    return ((p.lastStep - p.step) * (now - this.clock.time)) / 1000 / (p.step - this.clock.step);
  }

  private epochEta(p: BatchProgress, now: number): number | undefined {
    const c = this.epochClock;
    if (c === undefined || c.epoch !== p.epoch || p.batch <= c.batch) return undefined;
    return ((p.batches - p.batch) * (now - c.time)) / 1000 / (p.batch - c.batch);
  }

  batch(p: BatchProgress): void {
    const now = performance.now();
    // Rates are measured from the first batch seen (of the run, of the epoch), so start-up time does not count.
    this.clock ??= { time: now, step: p.step };
    if (this.epochClock?.epoch !== p.epoch) this.epochClock = { epoch: p.epoch, time: now, batch: p.batch };
    const runEta = this.runEta(p, now);
    const epochEta = this.epochEta(p, now);
    const epoch = `${p.epoch + 1}${p.epochs ? `/${p.epochs}` : ""}`;
    if (this.o.json) {
      emitJson({
        event: "batch",
        epoch: p.epoch + 1,
        batch: p.batch,
        batches: p.batches,
        step: p.step,
        last_step: p.lastStep,
        loss: p.loss,
        accuracy: p.accuracy ?? null,
        lr: p.lr,
        samples_per_second: p.samplesPerSecond,
        eta_epoch_seconds: epochEta ?? null,
        eta_run_seconds: runEta ?? null,
      });
    }
    if (this.bar) {
      const payload = {
        epoch,
        loss: fixed(p.loss),
        spark: sparkline([...this.epochLosses, p.loss]),
        acc: fixed(p.accuracy),
        lr: p.lr.toExponential(2),
        speed: Math.round(p.samplesPerSecond),
        run_eta: duration(runEta),
      };
      if (this.barEpoch !== p.epoch) {
        this.barEpoch = p.epoch;
        this.bar.start(p.batches, p.batch, payload);
      } else this.bar.update(p.batch, payload);
    } else if (this.o.lines && p.batch < p.batches && now - this.lastLine >= this.o.intervalSeconds * 1000) {
      this.lastLine = now;
      const percent = Math.floor((100 * p.batch) / p.batches);
      process.stderr.write(
        `epoch ${epoch} batch ${p.batch}/${p.batches} (${percent}%) | loss ${fixed(p.loss)} acc ${fixed(p.accuracy)} | lr ${p.lr.toExponential(2)} | ${Math.round(p.samplesPerSecond)} samples/s | ETA epoch ${duration(epochEta)}, run ${duration(runEta)}\n`,
      );
    }
  }

  epoch(m: EpochMetrics): void {
    if (m.train_loss !== null) this.epochLosses.push(m.train_loss);
    this.stopBar();
    // A line per epoch resets the interval: the next in-epoch line comes a full interval later.
    this.lastLine = performance.now();
    if (this.o.json) emitJson({ event: "epoch", ...m });
    const skipped = typeof m.skipped_batches === "number" ? m.skipped_batches : 0;
    if (m.epoch % this.every !== 0 && m.epoch !== this.o.epochs && m.epoch !== 1 && skipped === 0) return;
    const trained =
      m.train_loss === null
        ? `no batch trained (on_nan = skip_batch skipped all ${skipped})`
        : `train loss ${fixed(m.train_loss)} acc ${fixed(m.train_accuracy)}${skipped > 0 ? ` (${skipped} batches skipped)` : ""}`;
    process.stderr.write(
      `epoch ${m.epoch}: ${trained} | val loss ${fixed(m.val_loss)} acc ${fixed(m.val_accuracy)} | lr ${m.lr.toExponential(2)} | ${m.seconds.toFixed(1)} s, ${Math.round(m.samples_per_second)} samples/s\n`,
    );
  }

  /** A line on stderr that must not be drawn over by the bar (NaN recovery, interrupt notices). */
  note(text: string): void {
    this.stopBar();
    process.stderr.write(text + "\n");
  }

  /** Takes the bar off the terminal and shows the cursor again. */
  stopBar(): void {
    this.bar?.stop();
    this.barEpoch = -1;
  }
}
