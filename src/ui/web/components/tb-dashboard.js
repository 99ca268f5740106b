import { LitElement, css, html } from 'lit';
import { post } from '../api.js';
import { LiveStream } from '../live.js';
import { shared } from '../styles.js';

const MESSAGES_KEPT = 5;

const OPERATION_PATHS = {
  update: '/api/prs/update',
  enable: '/api/prs/enable',
  disable: '/api/prs/disable',
  remove: '/api/prs/remove',
  refresh: '/api/refresh',
};

// The page: owns the snapshot, follows the event stream, keeps the selection and sends every
// action to the API. Everything below it only shows what it is given and raises events.
export class TbDashboard extends LitElement {
  static properties = {
    snapshot: { state: true },
    viewer: { state: true },
    refused: { state: true },
    live: { state: true },
    busy: { state: true },
    messages: { state: true },
    selected: { state: true },
  };

  static styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 1280px;
        margin: 0 auto;
        padding: 0.8rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.8rem;
      }
      h1 {
        font-size: 1.4rem;
        margin: 0;
      }
      .who {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      main > * {
        margin-bottom: 1rem;
      }
      .card {
        border: 1px solid var(--line);
        border-radius: 8px;
        padding: 0.7rem 0.9rem;
        background: white;
      }
      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        gap: 1rem;
      }
      .columns > * {
        min-width: 0;
      }
      .table-tools {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        margin-bottom: 0.6rem;
      }
    `,
  ];

  constructor() {
    super();
    const initial = readInitialData();
    this.snapshot = initial.snapshot ?? null;
    this.viewer = initial.viewer ?? {};
    this.refused = initial.refused ?? null;
    this.live = 'connecting';
    this.busy = null;
    this.messages = [];
    this.selected = [];
    this.nextMessageId = 1;
    this.stream = new LiveStream({
      url: '/api/events',
      onSnapshot: (snapshot) => this.applySnapshot(snapshot),
      onState: (state) => (this.live = state),
    });
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.refused) this.stream.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stream.stop();
  }

  // Answers to writes and stream events race; the newest version wins. A restarted server
  // counts from 1 again, so a different start time always wins.
  applySnapshot(next) {
    const current = this.snapshot;
    const restarted = current && next.system?.started_at !== current.system?.started_at;
    if (current && !restarted && next.version <= current.version) return;
    this.snapshot = next;
    this.refused = null;
    const present = new Set(next.testing.prs.map((row) => row.pr));
    const kept = this.selected.filter((pr) => present.has(pr));
    if (kept.length !== this.selected.length) this.selected = kept;
  }

  say(tone, text, items = []) {
    const message = { id: this.nextMessageId++, tone, text, items };
    this.messages = [message, ...this.messages].slice(0, MESSAGES_KEPT);
  }

  report(answer) {
    if (answer.body?.snapshot) this.applySnapshot(answer.body.snapshot);
    if (!answer.ok) {
      this.say('bad', answer.message);
      return;
    }
    const results = answer.body?.results ?? [];
    const done = results.filter((r) => r.outcome === 'done' || r.outcome === 'unchanged');
    const tone = done.length === results.length ? 'good' : done.length ? 'warn' : 'bad';
    const items = results.map((r) => ({ outcome: r.outcome, text: r.message }));
    this.say(results.length ? tone : 'good', answer.body?.message ?? 'Done.', items);
  }

  async perform(name, path, body) {
    if (this.busy) return null;
    this.busy = name;
    try {
      const answer = await post(path, body);
      this.report(answer);
      return answer;
    } finally {
      this.busy = null;
    }
  }

  async onAdd(event) {
    const answer = await this.perform('add', '/api/prs/add', { prs: event.detail.text });
    const results = answer?.body?.results ?? [];
    if (answer?.ok && results.every((r) => r.outcome === 'done' || r.outcome === 'unchanged')) {
      this.renderRoot.querySelector('tb-add-form')?.clear();
    }
  }

  async onAction(event) {
    const { operation } = event.detail;
    const body = operation === 'refresh' ? undefined : { prs: this.selected };
    const answer = await this.perform(operation, OPERATION_PATHS[operation], body);
    if (answer?.ok && operation === 'remove') this.selected = [];
  }

  async onDeploy() {
    await this.perform('deploy', '/api/deploy');
  }

  async onSignOut() {
    const answer = await post('/auth/logout');
    if (!answer.ok) {
      this.say('bad', answer.message);
      return;
    }
    this.viewer = { login: null, maintainer: false, sign_in_available: true };
    this.say('good', 'Signed out.');
    this.stream.start();
  }

  render() {
    const snapshot = this.snapshot;
    const repo = snapshot?.repo;
    return html`<header>
        <h1>
          Testing deploy${repo
            ? html` · <a href=${snapshot.repo_url}>${repo}</a>`
            : ''}
        </h1>
        <div class="who">
          ${this.refused
            ? ''
            : html`<tb-live-status
                .state=${this.live}
                .since=${snapshot?.generated_at}
              ></tb-live-status>`}
          <tb-account .viewer=${this.viewer} @sign-out=${this.onSignOut}></tb-account>
        </div>
      </header>
      <tb-messages
        .messages=${this.messages}
        @dismiss=${(e) => (this.messages = this.messages.filter((m) => m.id !== e.detail))}
      ></tb-messages>
      ${snapshot ? this.renderSnapshot(snapshot) : this.renderRefused()}`;
  }

  renderRefused() {
    return html`<main>
      <section class="card" id="refused">
        <h2>Sign in to see the testing set</h2>
        <p>${this.refused ?? 'The testing set could not be loaded.'}</p>
        ${this.viewer?.sign_in_available
          ? html`<p><a href="/auth/login?next=%2Fstatus%2Fv2">Sign in with GitHub</a></p>`
          : ''}
      </section>
    </main>`;
  }

  renderSnapshot(snapshot) {
    const canWrite = Boolean(this.viewer?.maintainer) && snapshot.testing.readable;
    const deploy = snapshot.deploy;
    const activeCount = snapshot.testing.prs.filter((r) => r.staged_active ?? r.active).length;
    return html`<main>
      <tb-problems .problems=${snapshot.problems}></tb-problems>
      <tb-deploy-banner
        .deploy=${deploy}
        .lastDeployAt=${snapshot.testing.last_deploy_at}
      ></tb-deploy-banner>
      <section class="card" aria-labelledby="set-title">
        <h2 id="set-title">Testing set: ${snapshot.testing.prs.length} PRs</h2>
        ${canWrite
          ? html`<div class="table-tools">
              <tb-add-form ?busy=${this.busy === 'add'} @add-prs=${this.onAdd}></tb-add-form>
              <tb-selection-actions
                .count=${this.selected.length}
                .busy=${this.busy}
                @pr-action=${this.onAction}
              ></tb-selection-actions>
            </div>`
          : html`<p class="muted" id="read-only">
              ${this.viewer?.maintainer
                ? 'The state file cannot be read, so nothing can be changed until it is fixed.'
                : 'Read only: sign in as a maintainer to change the testing set.'}
            </p>`}
        <tb-pr-table
          .rows=${snapshot.testing.prs}
          .deployed=${snapshot.testing.deployed}
          .selected=${this.selected}
          .repoUrl=${snapshot.repo_url}
          ?selectable=${canWrite}
          @selection-change=${(e) => (this.selected = [...e.detail.selected])}
        ></tb-pr-table>
      </section>
      <div class="columns">
        <tb-deploy-panel
          class="card"
          .plan=${snapshot.plan}
          .activeCount=${activeCount}
          ?busy=${this.busy === 'deploy'}
          ?inProgress=${Boolean(deploy?.in_progress)}
          ?disabled=${!canWrite}
          @deploy=${this.onDeploy}
        ></tb-deploy-panel>
        <tb-build-result class="card" .build=${snapshot.build}></tb-build-result>
      </div>
      <div class="columns">
        <tb-activity class="card" .activity=${snapshot.activity}></tb-activity>
        <tb-flags class="card" .flags=${snapshot.flags}></tb-flags>
      </div>
      <tb-system class="card" .system=${snapshot.system} .github=${snapshot.github}></tb-system>
    </main>`;
  }
}
customElements.define('tb-dashboard', TbDashboard);

// The server puts the first snapshot into the page, so the first paint needs no request.
function readInitialData() {
  const element = document.getElementById('tb-initial');
  try {
    return element ? JSON.parse(element.textContent) : {};
  } catch {
    return {};
  }
}
