// One shared timer for every relative time on the page, so "3 minutes ago" keeps advancing
// without each element keeping its own interval.

const listeners = new Set();
let timer = null;

const TICK_MS = 15_000;

export class ClockController {
  constructor(host) {
    this.host = host;
    host.addController(this);
  }

  hostConnected() {
    listeners.add(this.host);
    timer ??= setInterval(() => listeners.forEach((host) => host.requestUpdate()), TICK_MS);
  }

  hostDisconnected() {
    listeners.delete(this.host);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = null;
    }
  }
}
