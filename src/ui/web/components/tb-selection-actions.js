import { LitElement, css, html } from 'lit';
import { plural } from '../format.js';
import { shared } from '../styles.js';

const ACTIONS = [
  ['update', 'Update to branch head', 'Updating…'],
  ['enable', 'Enable', 'Enabling…'],
  ['disable', 'Disable', 'Disabling…'],
  ['remove', 'Remove', 'Removing…'],
];

// What can be done to the ticked PRs, and a refresh of every fact from GitHub. Raises
// `pr-action` with the operation; the page sends it and reports each PR's outcome.
export class TbSelectionActions extends LitElement {
  static properties = {
    count: { type: Number },
    busy: {},
    disabled: { type: Boolean },
  };

  static styles = [
    shared,
    css`
      div {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      .count {
        margin-right: 0.4rem;
      }
      .refresh {
        margin-left: auto;
      }
    `,
  ];

  act(operation, unavailable) {
    if (unavailable) return;
    this.dispatchEvent(new CustomEvent('pr-action', { detail: { operation } }));
  }

  render() {
    const none = this.count === 0;
    const label = none ? 'No PR selected' : `${plural(this.count, 'PR')} selected`;
    return html`<div role="toolbar" aria-label="Actions on the selected PRs">
      <span class="count" id="selection-count">${label}</span>
      ${ACTIONS.map(([operation, idle, working]) => {
        const busy = this.busy === operation;
        // aria-disabled rather than disabled: a disabled button drops the keyboard focus.
        const unavailable = this.disabled || none || Boolean(this.busy);
        return html`<button
          data-action=${operation}
          aria-disabled=${unavailable ? 'true' : 'false'}
          aria-busy=${busy ? 'true' : 'false'}
          @click=${() => this.act(operation, unavailable)}
        >
          ${busy ? working : idle}
        </button>`;
      })}
      <button
        class="refresh"
        data-action="refresh"
        aria-disabled=${this.disabled || this.busy ? 'true' : 'false'}
        aria-busy=${this.busy === 'refresh' ? 'true' : 'false'}
        @click=${() => this.act('refresh', this.disabled || Boolean(this.busy))}
      >
        ${this.busy === 'refresh' ? 'Refreshing…' : 'Refresh from GitHub'}
      </button>
    </div>`;
  }
}
customElements.define('tb-selection-actions', TbSelectionActions);
