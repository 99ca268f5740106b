// Follows GET /api/events. EventSource retries dropped connections on its own, but gives up for
// good on an answer that is not an event stream (a 502 from a proxy, a restart in progress), so
// this wrapper starts a new one after a growing pause and reports whether the page is live.

const MAX_PAUSE_MS = 30_000;

export class LiveStream {
  constructor({ url, onSnapshot, onState }) {
    this.url = url;
    this.onSnapshot = onSnapshot;
    this.onState = onState;
    this.pause = 1000;
    this.source = null;
    this.retry = null;
  }

  start() {
    this.stop();
    this.onState('connecting');
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.pause = 1000;
      this.onState('live');
    };
    source.addEventListener('snapshot', (event) => {
      try {
        this.onSnapshot(JSON.parse(event.data));
      } catch {
        // A truncated event: the next one carries the whole snapshot again.
      }
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        this.onState('offline');
        this.retry = setTimeout(() => this.start(), this.pause);
        this.pause = Math.min(this.pause * 2, MAX_PAUSE_MS);
      } else {
        this.onState('connecting');
      }
    };
  }

  stop() {
    clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
  }
}
