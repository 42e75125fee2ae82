/**
 * Preloaded into the tap by `npm run bench` (`node --require`): when the process exits, its own resource usage
 * (user and system CPU time, peak RSS from getrusage) goes to the file named by TAP_STRIPE_RUSAGE_FILE. The
 * tap itself knows nothing of it.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['TAP_STRIPE_RUSAGE_FILE'];
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, JSON.stringify(process.resourceUsage()));
    } catch {
      // the benchmark falls back to sampling /proc
    }
  });
}
