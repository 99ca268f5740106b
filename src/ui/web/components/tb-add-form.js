import { LitElement, css, html } from 'lit';
import { shared } from '../styles.js';

// Add PRs by number or URL, many at once. Raises `add-prs` with the text; the page clears the
// field through `clear()` once the server has taken them, so a refused entry stays to fix.
export class TbAddForm extends LitElement {
  static properties = { busy: { type: Boolean }, disabled: { type: Boolean } };

  static styles = [
    shared,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: end;
      }
      label {
        display: flex;
        flex-direction: column;
        flex: 1 1 18rem;
        gap: 0.2rem;
      }
      input {
        font: inherit;
        padding: 0.35rem 0.5rem;
        border: 1px solid var(--line);
        border-radius: 6px;
      }
    `,
  ];

  clear() {
    const input = this.renderRoot.querySelector('input');
    if (input) input.value = '';
  }

  submit(event) {
    event.preventDefault();
    const text = this.renderRoot.querySelector('input').value.trim();
    if (!text || this.busy || this.disabled) return;
    this.dispatchEvent(new CustomEvent('add-prs', { detail: { text } }));
  }

  render() {
    return html`<form @submit=${this.submit} aria-label="Add PRs">
      <label
        >PRs to add: numbers or GitHub links, separated by spaces or commas
        <input
          id="add-input"
          name="prs"
          autocomplete="off"
          placeholder="11214, https://github.com/…/pull/11215"
          ?disabled=${this.disabled}
      /></label>
      <button
        class="primary"
        type="submit"
        id="add-button"
        aria-disabled=${this.disabled || this.busy ? 'true' : 'false'}
        aria-busy=${this.busy ? 'true' : 'false'}
      >
        ${this.busy ? 'Adding…' : 'Add'}
      </button>
    </form>`;
  }
}
customElements.define('tb-add-form', TbAddForm);
