// Words for what the snapshot says. Every label the dashboard shows is built here, so the
// table, the plan and the messages describe the same fact the same way.

export function shortSha(sha) {
  return sha ? sha.slice(0, 7) : '';
}

// Drift in words and a tone the stylesheet colours: behind by a few commits is a nudge,
// behind by many or diverged needs attention, unknown is grey.
export function describeDrift(drift) {
  switch (drift?.kind) {
    case 'up_to_date':
      return { text: 'up to date', tone: 'good' };
    case 'behind': {
      const n = drift.commits;
      const text = `${n} commit${n === 1 ? '' : 's'} behind`;
      return { text, tone: n <= 5 ? 'warn' : 'bad' };
    }
    case 'diverged':
      return { text: `diverged: ${drift.ahead} ahead, ${drift.behind} behind`, tone: 'bad' };
    default:
      return { text: 'unknown', tone: 'unknown' };
  }
}

const UNITS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relativeTime(iso, now = Date.now()) {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export function absoluteTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en');
}

export function duration(ms) {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

const PLAN_WORDS = {
  add: 'add',
  pin: 'move the pin of',
  enable: 'enable',
  disable: 'disable',
  remove: 'remove',
};

const REMOVE_REASONS = {
  merged: 'merged on GitHub',
  dropped: 'removed from the testing set',
};

export function describePlanStep(step) {
  const verb = PLAN_WORDS[step.action] ?? step.action;
  let text = `${verb} #${step.pr}`;
  if (step.action === 'pin') text += ` from ${shortSha(step.from)} to ${shortSha(step.to)}`;
  if (step.action === 'remove' && step.reason) {
    text += ` (${REMOVE_REASONS[step.reason] ?? step.reason})`;
  }
  return text;
}

const MERGE_WORDS = {
  merged: 'merged',
  up_to_date: 'already in the branch',
  conflict: 'merge conflict',
  fetch_failed: 'could not be fetched',
  unknown: 'outcome unknown',
};

export function describeMerge(outcome) {
  return MERGE_WORDS[outcome] ?? outcome;
}

// The deploy's build, as one sentence: where it is in Jenkins, or how it ended.
export function describeBuild(progress) {
  if (!progress) return 'waiting for Jenkins to accept the build';
  const phase = progress.phase;
  switch (phase.state) {
    case 'queued':
      return `queued in Jenkins${phase.why ? `: ${phase.why}` : ''}`;
    case 'running': {
      const stage = [...phase.stages].reverse().find((s) => s.status === 'in_progress');
      return `build #${phase.number} running${stage ? `: ${stage.name}` : ''}`;
    }
    case 'finished': {
      const failed = phase.failed_stage ? ` in ${phase.failed_stage}` : '';
      const result = phase.result.replace('_', ' ');
      return `build #${phase.number} finished: ${result}${failed}, ${duration(phase.duration_ms)}`;
    }
    case 'cancelled':
      return `cancelled in the Jenkins queue${phase.why ? `: ${phase.why}` : ''}`;
    case 'lost':
      return `lost track of the build: ${phase.reason}`;
    default:
      return phase.state;
  }
}

export function buildTone(progress) {
  const phase = progress?.phase;
  if (!phase) return 'busy';
  if (phase.state === 'finished') return phase.result === 'success' ? 'good' : 'bad';
  if (phase.state === 'cancelled' || phase.state === 'lost') return 'bad';
  return 'busy';
}
