import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

// The feature flags the testing server runs with, as the flags file says.
export class TbFlags extends LitElement {
  static properties = { flags: { attribute: false } };

  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      table {
        border-collapse: collapse;
        width: 100%;
      }
      td {
        overflow-wrap: anywhere;
      }
      th,
      td {
        text-align: left;
        padding: 0.15rem 0.8rem 0.15rem 0;
        border-bottom: 1px solid var(--line);
        vertical-align: top;
      }
    `,
  ];

  render() {
    const section = this.flags ?? {};
    const features = section.flags?.features ?? {};
    let body;
    if (section.error) {
      body = html`<p class="tag bad">The flags file could not be read: ${section.error}</p>`;
    } else if (!section.configured) {
      body = html`<p class="muted">No feature flags file is configured.</p>`;
    } else {
      body = html`<table id="flags">
        <thead>
          <tr>
            <th scope="col">Flag</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          ${Object.entries(features).map(
            ([name, value]) => html`<tr>
              <th scope="row"><code>${name}</code></th>
              <td>${typeof value === 'string' ? value : JSON.stringify(value)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
    }
    return html`<section aria-labelledby="flags-title">
      <h2 id="flags-title">Feature flags</h2>
      ${body}
    </section>`;
  }
}
customElements.define('tb-flags', TbFlags);
