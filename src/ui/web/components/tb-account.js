import { LitElement, html } from 'lit';
import { shared } from '../styles.js';

// Who is looking, and the way to sign in or out. Raises `sign-out`; signing in is a plain
// link, since it leaves for GitHub and comes back.
export class TbAccount extends LitElement {
  static properties = { viewer: { attribute: false } };

  static styles = shared;

  render() {
    const viewer = this.viewer ?? {};
    const next = encodeURIComponent('/status/v2');
    if (!viewer.login) {
      if (!viewer.sign_in_available) return html`<span class="muted">Not signed in</span>`;
      return html`<a class="button" href="/auth/login?next=${next}">Sign in with GitHub</a>`;
    }
    const role = viewer.maintainer ? 'maintainer' : 'read only';
    const reason = viewer.reason ? html` <span class="muted">(${viewer.reason})</span>` : '';
    const signOut =
      viewer.via === 'session'
        ? html`<button @click=${() => this.dispatchEvent(new CustomEvent('sign-out'))}>
            Sign out
          </button>`
        : '';
    return html`<span>Signed in as <strong>${viewer.login}</strong>, ${role}${reason}</span>
      ${signOut}`;
  }
}
customElements.define('tb-account', TbAccount);
