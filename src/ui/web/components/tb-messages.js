import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

// What the last actions did, PR by PR, in a live region so screen readers hear it too.
export class TbMessages extends LitElement {
  static properties = { messages: { attribute: false } };

  static styles = [
    shared,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .message {
        border: 1px solid var(--line);
        border-left-width: 4px;
        border-radius: 6px;
        padding: 0.4rem 0.6rem;
        margin-bottom: 0.4rem;
        display: flex;
        gap: 0.5rem;
        justify-content: space-between;
        align-items: start;
        background: white;
      }
      .message.good { border-left-color: var(--good); }
      .message.warn { border-left-color: var(--warn); }
      .message.bad { border-left-color: var(--bad); }
      .message ul {
        padding-left: 1.2rem;
        list-style: disc;
      }
      .message li.bad { background: none; }
      button {
        padding: 0 0.5rem;
      }
    `,
  ];

  render() {
    const messages = this.messages ?? [];
    return html`<div role="status" aria-live="polite" id="messages">
      <ul>
        ${messages.map(
          (message) =>
            html`<li class="message ${message.tone}" data-id=${message.id}>
              <div>
                <strong>${message.text}</strong>
                ${message.items?.length
                  ? html`<ul>
                      ${message.items.map(
                        (item) => html`<li class="outcome" data-outcome=${item.outcome}>
                          ${item.text}
                        </li>`,
                      )}
                    </ul>`
                  : ''}
              </div>
              <button
                aria-label="Dismiss this message"
                @click=${() =>
                  this.dispatchEvent(new CustomEvent('dismiss', { detail: message.id }))}
              >
                ×
              </button>
            </li>`,
        )}
      </ul>
    </div>`;
  }
}
customElements.define('tb-messages', TbMessages);
