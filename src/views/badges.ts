/** The flags of a goroutine row as the badges the table and the detail show. */
import { GFlag } from '../model/model';

export function flagBadges(flags: number): string[] {
  const out: string[] = [];
  if (flags & GFlag.Leaked) out.push('leaked');
  if (flags & GFlag.Locked) out.push('locked');
  if (flags & GFlag.Durable) out.push('durable');
  if (flags & GFlag.NoStack) out.push('no stack');
  if (flags & GFlag.Truncated) out.push('truncated');
  if (flags & GFlag.Elided) out.push('elided');
  if (flags & GFlag.G0) out.push('g0');
  return out;
}
