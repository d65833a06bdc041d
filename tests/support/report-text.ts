// The terminal report wraps a long message at word boundaries to the terminal's width,
// continuing it on indented lines. Tests that look for a message's words join it again.

/** The report with each wrapped message on one line again. */
export function unwrapped(text: string): string {
  return text.replace(/\n {4,}(?=\S)/g, ' ');
}
