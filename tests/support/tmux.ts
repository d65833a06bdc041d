// Drives a full-screen program in a real terminal: tmux runs it, send-keys types,
// capture-pane reads the screen. Tests that need it are skipped where tmux is missing.
import { execa } from 'execa';
import { unwrapped } from './report-text.js';

export const hasTmux = (await execa('tmux', ['-V'], { reject: false })).exitCode === 0;

export interface Terminal {
  keys: (...keys: string[]) => Promise<void>;
  screen: () => Promise<string>;
  /** Waits until the screen matches, or fails with what the screen showed. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  alive: () => Promise<boolean>;
  kill: () => Promise<void>;
}

let sessions = 0;

export async function openTerminal(cwd: string, command: string): Promise<Terminal> {
  const name = `katas-${process.pid}-${(sessions += 1)}`;
  await execa('tmux', ['new-session', '-d', '-s', name, '-x', '160', '-y', '60', '-c', cwd, command], { env: { NO_COLOR: '1' } });
  await execa('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
  const screen = async () => (await execa('tmux', ['capture-pane', '-p', '-t', name], { reject: false })).stdout;
  return {
    keys: async (...keys) => void (await execa('tmux', ['send-keys', '-t', name, ...keys])),
    screen,
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let shown = '';
      while (Date.now() < deadline) {
        shown = await screen();
        // A long message wraps to the terminal's width: its words are looked for joined again too.
        if (pattern.test(shown) || pattern.test(unwrapped(shown))) return shown;
        // Polling a real terminal; this is the test waiting for the program, not a sleep under test.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the screen never matched ${pattern}; it showed:\n${shown}`);
    },
    alive: async () => (await execa('tmux', ['display-message', '-p', '-t', name, '#{pane_dead}'], { reject: false })).stdout.trim() === '0',
    kill: async () => void (await execa('tmux', ['kill-session', '-t', name], { reject: false })),
  };
}
