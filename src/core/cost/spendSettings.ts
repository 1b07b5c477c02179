/**
 * The spend settings (`docsmith.maxCostPerRun`, `docsmith.confirmCostAbove`) as several scopes set
 * them. A workspace's settings come with the repository, and a repository someone just cloned must
 * not raise what the user agreed to spend: a workspace value counts only when it is stricter than
 * the user's own (a lower cap, a lower confirmation threshold).
 */

/** A setting's value in each scope that may set it; a value that is not a number ≥ 0 counts as unset. */
export interface ScopedNumber {
  /** Built-in default. */
  defaultValue: number;
  /** User (or remote machine) settings. */
  user?: unknown;
  /** Workspace or workspace-folder settings (the folder's wins). */
  workspace?: unknown;
}

function valid(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A cap of 0 means no cap at all: the loosest value there is. */
function capStrictness(cap: number): number {
  return cap === 0 ? Infinity : cap;
}

/** `maxCostPerRun`: the user's cap, or the workspace's when it is lower (a workspace 0, "no cap", never counts). */
export function effectiveMaxCostPerRun(values: ScopedNumber): number {
  const user = valid(values.user) ?? values.defaultValue;
  const workspace = valid(values.workspace);
  if (workspace === undefined) return user;
  return capStrictness(workspace) < capStrictness(user) ? workspace : user;
}

/** `confirmCostAbove`: the user's threshold, or the workspace's when it is lower (asks sooner). */
export function effectiveConfirmCostAbove(values: ScopedNumber): number {
  const user = valid(values.user) ?? values.defaultValue;
  const workspace = valid(values.workspace);
  return workspace === undefined ? user : Math.min(user, workspace);
}
