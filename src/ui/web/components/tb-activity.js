import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

const CHANNELS = {
  web: 'on the dashboard',
  api: 'through the API',
  comment: 'in a PR comment',
  webhook: 'from GitHub',
  system: 'by testbed',
};

// The latest changes to the testing set from every channel, from the audit log.
export class TbActivity extends LitElement {
  static properties = { activity: { attribute: false } };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        border-bottom: 1px solid var(--line);
        padding: 0.3rem 0;
      }
      ul {
        margin: 0.2rem 0 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  render() {
    const activity = this.activity ?? [];
    return html`<section aria-labelledby="activity-title">
      <h2 id="activity-title">Recent activity</h2>
      ${activity.length === 0
        ? html`<p class="muted">Nothing has changed since testbed started keeping a log.</p>`
        : html`<ol id="activity">
            ${activity.map((entry) => this.renderEntry(entry))}
          </ol>`}
    </section>`;
  }

  renderEntry(entry) {
    const prs = entry.prs.length ? entry.prs.map((pr) => `#${pr}`).join(', ') : '';
    const outcome =
      typeof entry.outcome === 'string'
        ? html`: ${entry.outcome}`
        : html`<ul>
            ${entry.outcome.map((item) => html`<li>${item.message}</li>`)}
          </ul>`;
    return html`<li>
      <tb-time .at=${entry.at}></tb-time> <strong>${entry.actor}</strong>
      ${CHANNELS[entry.channel] ?? entry.channel}: ${entry.operation} ${prs}${outcome}
    </li>`;
  }
}
customElements.define('tb-activity', TbActivity);
