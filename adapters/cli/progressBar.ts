import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (stdout stays for results); silent when stderr is not a terminal, e.g. in CI. */
export const progressBar = (label: string) => {
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} {detail}`, hideCursor: true, noTTYOutput: false, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (value: number, total: number, detail = '') => {
      if (!process.stderr.isTTY) return;
      if (!started) {
        bar.start(Math.max(total, 1), value, { detail });
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(value, { detail });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
};
