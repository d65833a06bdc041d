// Colours only on a terminal, never under NO_COLOR (https://no-color.org); FORCE_COLOR
// turns them on for tools that render ANSI. picocolors alone would colour CI logs.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = !('NO_COLOR' in env && env.NO_COLOR !== '') && (forced || stream.isTTY === true);
  return pc.createColors(enabled);
}
