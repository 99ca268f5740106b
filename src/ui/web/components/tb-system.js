import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

// Where this service runs and what it is connected to, for whoever has to debug it.
export class TbSystem extends LitElement {
  static properties = { system: { attribute: false }, github: { attribute: false } };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  render() {
    const system = this.system ?? {};
    const github = this.github ?? {};
    const integrations = Object.entries(system.integrations ?? {})
      .map(([name, on]) => `${name.replaceAll('_', ' ')} ${on ? 'on' : 'off'}`)
      .join(', ');
    const reconcile = github.last_reconcile;
    return html`<section aria-labelledby="system-title">
      <h2 id="system-title">System</h2>
      <dl id="system">
        <dt>Version</dt>
        <dd>testbed ${system.version} on ${system.host}, ${system.mode} mode</dd>
        <dt>Started</dt>
        <dd><tb-time .at=${system.started_at}></tb-time></dd>
        <dt>Access</dt>
        <dd>${system.access}</dd>
        <dt>State file</dt>
        <dd><code>${system.state_file}</code></dd>
        <dt>Build result</dt>
        <dd><code>${system.status_file}</code></dd>
        <dt>Feature flags</dt>
        <dd>${system.flags_file ? html`<code>${system.flags_file}</code>` : 'none'}</dd>
        <dt>Integrations</dt>
        <dd>${integrations}</dd>
        <dt>GitHub</dt>
        <dd>
          ${github.auth}; ${github.rate_limit_remaining ?? 'unknown'} requests left
          ${github.paused_until
            ? html`; paused until <tb-time .at=${github.paused_until}></tb-time>`
            : ''}
        </dd>
        <dt>Last reconcile</dt>
        <dd>
          ${reconcile
            ? html`<tb-time .at=${reconcile.finished_at}></tb-time>: ${reconcile.requests}
                requests in ${reconcile.duration_ms} ms${reconcile.failures.length
                  ? html`, <span class="tag bad">${reconcile.failures.join('; ')}</span>`
                  : ''}`
            : 'not yet'}
        </dd>
        <dt>Webhooks</dt>
        <dd>
          ${system.webhooks_applied} applied, last
          <tb-time .at=${system.last_webhook_at}></tb-time>
        </dd>
      </dl>
    </section>`;
  }
}
customElements.define('tb-system', TbSystem);
