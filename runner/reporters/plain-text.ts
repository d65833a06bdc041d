// Text for a reader that is not a terminal (a log, a web page, a JSON or XML file):
// colour codes and control characters read as garbage there, so they go.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
// Tabs and line breaks stay: they are how a message is laid out.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}
